import { describe, expect, it } from 'vitest';
import { MACHINE_TESTED_PROCESS_MANAGERS } from '../../src/backends/registry.ts';
import { hostAccounts, leftoversOfRun, runProcformTest } from './support.ts';

// The fixture's test calls every method of the machine API and asserts what each returns.
describe.skipIf(process.getuid?.() !== 0)('the machine API', () => {
  it('works under every process manager and profile (crash, shutdown and copyFromHost included), and leaves nothing', async () => {
    const run = await runProcformTest(['test/testing/fixtures/machine-api/test.ts']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // Every backend of the registry that deploys in test machines, in both profiles.
    const variants = 2 * MACHINE_TESTED_PROCESS_MANAGERS.length;
    expect(run.stdout).toContain(`${variants} variants: ${variants} passed, 0 failed, 0 skipped`);
    expect(run.machines).toHaveLength(variants);
    expect(await leftoversOfRun(run)).toEqual([]);
    expect(hostAccounts(['pftestweb'])).toEqual([]);
  }, 180_000);
});
