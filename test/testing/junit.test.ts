import { describe, expect, it } from 'vitest';
import { junitReport } from '../../src/testing/junit.ts';
import type { LoadedTest, Variant, VariantResult } from '../../src/testing/types.ts';
import { parseJunit } from './parse-junit.ts';

const test: LoadedTest = { name: 'web<apps>', file: '/repo/examples/test.ts', modelFile: '/repo/examples/processes.ts', options: { exprFile: './processes.ts' } };
const variant = (profile: Variant['profile'], processManager: string): Variant => ({ id: `${test.name}.${profile}.${processManager}`, test, profile, processManager });

const results: VariantResult[] = [
  { status: 'passed', variant: variant('privileged', 'builtin'), timings: { deploy: 1200 }, durationMs: 2345, machineId: 'web-builtin-p-0a1b2c3d' },
  {
    status: 'failed',
    variant: variant('privileged', 'sysvinit'),
    at: { phase: 'tests', instance: 'nginx' },
    // Everything XML must escape or cannot carry: markup, quotes, a CDATA end, control characters, an escape sequence.
    message: `expected "a" & 'b' <b>]]></b>\u0001\u001b[31mred\u001b[0m\nsecond line`,
    location: '/repo/examples/test.ts:12:3',
    logs: { deploy: 'generation 1', instances: { nginx: 'error <log>' } },
    timings: {},
    durationMs: 3000,
  },
  { status: 'skipped', reason: 'procform has no docker backend yet', variant: variant('unprivileged', 'docker'), timings: {}, durationMs: 0 },
  { status: 'interrupted', at: { phase: 'deploy' }, variant: variant('unprivileged', 'builtin'), timings: {}, durationMs: 10 },
];

describe('junitReport', () => {
  it('is well-formed XML with one testcase per variant, failures with their message and logs, skips with their reason', () => {
    const report = parseJunit(junitReport(results, 9000, '/repo'));
    expect(report.root).toBe('testsuites');
    expect(report.attributes).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1', time: '9.000' });
    expect(report.cases.map((entry) => `${entry.classname} ${entry.name}`)).toEqual([
      'web<apps> privileged.builtin',
      'web<apps> privileged.sysvinit',
      'web<apps> unprivileged.docker',
      'web<apps> unprivileged.builtin',
    ]);
    expect(report.cases[0]).toMatchObject({ time: '2.345', children: [] });
    const failure = report.cases[1]!.children[0]!;
    expect(failure.tag).toBe('failure');
    expect(failure.message).toBe(`failed in tests of nginx: expected "a" & 'b' <b>]]></b>\ufffd\ufffd[31mred\ufffd[0m`);
    expect(failure.text).toContain('second line');
    expect(failure.text).toContain('── log of nginx\nerror <log>');
    expect(failure.text).toContain('(/repo/examples/test.ts:12:3)');
    expect(report.cases[2]!.children).toEqual([{ tag: 'skipped', message: 'procform has no docker backend yet', text: null }]);
    expect(report.cases[3]!.children[0]).toMatchObject({ tag: 'error', message: 'interrupted in deploy' });
  });
});
