// Several profiles (--profile) in one state folder. builtin's supervisor (as supervisord, s6-rc's and
// runit's scanners, OpenRC's private root) serves one runtime folder and runs exactly the profile it
// was last given, so a second profile on it would stop the first one's instances: procform refuses
// that before anything changes, and a runtime folder of the second profile's own gives it a
// supervisor of its own. sysvinit's scripts share nothing but the machine: two profiles just work.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { processesWith, stopSupervisorOf } from '../backends/builtin/deployment.ts';
import { cleanUpAfterTest } from '../support/deployment-processes.ts';

function writeModel(dir: string, instance: string): string {
  const file = join(dir, `${instance}.ts`);
  // sh stays (no exec), so its command line keeps the marker.
  writeFileSync(
    file,
    `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  ${instance}: { pkg: createManagedProcess({ foregroundProcess: 'sh', foregroundProcessArgs: ['-c', 'sleep 600; :', ${JSON.stringify(join(dir, instance))}] }) },
}));
`,
  );
  return file;
}

describe('two profiles in one state folder', () => {
  it('builtin: a second profile on the same supervisor is refused before anything changes; with a runtime folder of its own it runs beside the first', async () => {
    const dir = tempDir('pf-');
    const stateDir = join(dir, 'state');
    const otherRuntime = join(dir, 'run-b');
    const options = ['--state-dir', stateDir];
    const switchOptions = [...options, '--force-disable-user-change'];
    onTestFinished(() => stopSupervisorOf(stateDir, () => runCli(['down', '-p', 'a', ...options])));
    onTestFinished(async () => void (await runCli(['down', '-p', 'b', '--runtime-dir', otherRuntime, ...options])));

    const first = await runCli(['switch', writeModel(dir, 'first'), '-p', 'a', ...switchOptions]);
    expect(first.code, first.stderr).toBe(0);
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);

    const refused = await runCli(['switch', writeModel(dir, 'second'), '-p', 'b', ...switchOptions]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: profile "a" of this state folder runs on the same builtin manager (runtime folder ${join(stateDir, 'run')}): a switch of profile "b" would stop its instances (first)\n` +
        'hint: Give profile "b" a runtime folder of its own (--runtime-dir), or use another --state-dir.\n',
    );
    // Nothing changed: the first runs, the second never started, profile b has no generation.
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect(processesWith(join(dir, 'second'))).toEqual([]);
    expect(existsSync(join(stateDir, 'lib/procform/profiles/b'))).toBe(false);

    const beside = await runCli(['switch', writeModel(dir, 'second'), '-p', 'b', '--runtime-dir', otherRuntime, ...switchOptions]);
    expect(beside.code, beside.stderr).toBe(0);
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect(processesWith(join(dir, 'second'))).toHaveLength(1);

    // down of one leaves the other running.
    const down = await runCli(['down', '-p', 'b', '--runtime-dir', otherRuntime, ...options]);
    expect(down.code, down.stderr).toBe(0);
    expect(processesWith(join(dir, 'second'))).toEqual([]);
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect(JSON.parse((await runCli(['status', '--json', '-p', 'a', ...options])).stdout)).toMatchObject([{ instance: 'first', state: 'running' }]);
  });

  it('sysvinit: two profiles in one state folder and runtime folder run side by side, and down of one leaves the other', async () => {
    const dir = tempDir('pf-');
    const stateDir = join(dir, 'state');
    cleanUpAfterTest(stateDir);
    const options = ['--state-dir', stateDir];
    const switchOptions = [...options, '-P', 'sysvinit', '--force-disable-user-change'];
    for (const [profile, instance] of [['a', 'first'], ['b', 'second']] as const) {
      const switched = await runCli(['switch', writeModel(dir, instance), '-p', profile, ...switchOptions]);
      expect(switched.code, switched.stderr).toBe(0);
    }
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect(processesWith(join(dir, 'second'))).toHaveLength(1);
    const down = await runCli(['down', '-p', 'b', ...options]);
    expect(down.code, down.stderr).toBe(0);
    expect(processesWith(join(dir, 'second'))).toEqual([]);
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect((await runCli(['down', '-p', 'a', ...options])).code).toBe(0);
    expect(processesWith(join(dir, 'first'))).toEqual([]);
  });
});
