import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.ts';
import { parseJunit } from './parse-junit.ts';
import { hostAccounts, leftoversOfRun, runProcformTest } from './support.ts';

const accounts = ['webapp', 'nginx', 'webapp1', 'webapp6', 'nginx2'];

// The repository's examples, as CI runs them: 2 models × 4 process managers × 2 profiles.
describe.skipIf(process.getuid?.() !== 0)('the webapps examples', () => {
  it('pass in all 16 variants, each in its own machine, and leave nothing behind', async () => {
    const before = hostAccounts(accounts);
    const junit = join(tempDir(), 'webapps.xml');
    const run = await runProcformTest(['examples/webapps/test.ts', '--junit', junit]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/16 variants: 16 passed, 0 failed, 0 skipped in/);
    const report = parseJunit(readFileSync(junit, 'utf8'));
    const expected = ['webapps', 'webapps-advanced'].flatMap((test) =>
      ['privileged', 'unprivileged'].flatMap((profile) => ['builtin', 'supervisord', 'sysvinit', 'systemd'].map((manager) => `${test} ${profile}.${manager}`)),
    );
    expect(report.cases.map((entry) => `${entry.classname} ${entry.name}`)).toEqual(expected);
    expect(report.cases.every((entry) => entry.children.length === 0)).toBe(true);
    expect(report.attributes).toMatchObject({ tests: '16', failures: '0', errors: '0', skipped: '0' });
    expect(run.machines).toHaveLength(16);
    expect(await leftoversOfRun(run)).toEqual([]);
    expect(hostAccounts(accounts)).toEqual(before);
  }, 300_000);
});
