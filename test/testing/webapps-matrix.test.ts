import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINE_TESTED_PROCESS_MANAGERS } from '../../src/backends/registry.ts';
import { tempDir } from '../support/temp-dir.ts';
import { parseJunit } from './parse-junit.ts';
import { hostAccounts, leftoversOfRun, runProcformTest } from './support.ts';

const accounts = ['webapp', 'nginx', 'webapp1', 'webapp6', 'nginx2'];

// The repository's examples, as CI runs them: 2 models × every process manager that deploys × 2 profiles.
const variants = 2 * MACHINE_TESTED_PROCESS_MANAGERS.length * 2;

describe.skipIf(process.getuid?.() !== 0)('the webapps examples', () => {
  it(`pass in all ${variants} variants, each in its own machine, and leave nothing behind`, async () => {
    const before = hostAccounts(accounts);
    const junit = join(tempDir(), 'webapps.xml');
    const run = await runProcformTest(['examples/webapps/test.ts', '--junit', junit]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${variants} variants: ${variants} passed, 0 failed, 0 skipped in`));
    const report = parseJunit(readFileSync(junit, 'utf8'));
    const expected = ['webapps', 'webapps-advanced'].flatMap((test) =>
      ['privileged', 'unprivileged'].flatMap((profile) => MACHINE_TESTED_PROCESS_MANAGERS.map((manager) => `${test} ${profile}.${manager}`)),
    );
    expect(report.cases.map((entry) => `${entry.classname} ${entry.name}`)).toEqual(expected);
    expect(report.cases.every((entry) => entry.children.length === 0)).toBe(true);
    expect(report.attributes).toMatchObject({ tests: String(variants), failures: '0', errors: '0', skipped: '0' });
    expect(run.machines).toHaveLength(variants);
    expect(await leftoversOfRun(run)).toEqual([]);
    expect(hostAccounts(accounts)).toEqual(before);
  }, 300_000);
});
