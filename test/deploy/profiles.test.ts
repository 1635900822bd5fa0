// Several profiles (--profile) in one state folder, and several state folders on one runtime folder
// (--runtime-dir). builtin's supervisor (as supervisord, s6-rc's and runit's scanners, OpenRC's
// private root) serves one runtime folder and runs exactly the profile it was last given, so a
// second profile on it would stop the first one's instances: procform refuses that before anything
// changes (another state folder's profile is found through the claim its switch left in the
// runtime folder), and a runtime folder of the second profile's own gives it a supervisor of its
// own. sysvinit's scripts share nothing but the machine: two profiles just work.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliPath, runCli } from '../support/cli.ts';
import { eventually } from '../support/eventually.ts';
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

describe('two profiles on one process manager', () => {
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

  it('builtin: of two switches of two profiles at the same time onto one supervisor, the second waits for the first and is refused', async () => {
    const dir = tempDir('pf-');
    const stateDir = join(dir, 'state');
    const switchOptions = ['--state-dir', stateDir, '--force-disable-user-change'];
    // The first stops itself (SIGSTOP, src/fault-point.ts) between the shared-manager check and its
    // switch note, the moment a second switch that did not wait would also pass the check.
    const first = spawn(process.execPath, [cliPath, 'switch', writeModel(dir, 'first'), '-p', 'a', ...switchOptions], {
      env: { ...process.env, NO_COLOR: '1', PROCFORM_FAULT_POINT: 'switch:manager-checked', PROCFORM_FAULT_ACTION: 'stop' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let firstErr = '';
    first.stderr.on('data', (chunk: Buffer) => (firstErr += chunk.toString()));
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    onTestFinished(() => stopSupervisorOf(stateDir, () => runCli(['down', '-p', 'a', '--state-dir', stateDir])));
    onTestFinished(() => void (first.exitCode === null && first.kill('SIGKILL')));
    const stopped = () => readFileSync(`/proc/${first.pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('T');
    await eventually(() => first.exitCode === null && stopped(), 30_000, 'the first switch to stop at its point');

    let secondDone = false;
    const second = runCli(['switch', writeModel(dir, 'second'), '-p', 'b', ...switchOptions]).finally(() => (secondDone = true));
    // It waits for the runtime folder's claim lock (taken before the state folder's), which the
    // stopped first switch holds: a waiter keeps its own "PID START" file
    // (procform-profile.lock.<pid>.tmp, src/fs/lock-file.ts) until it takes the lock.
    const waiting = () => readdirSync(join(stateDir, 'run')).some((entry) => /^procform-profile\.lock\.\d+\.tmp$/.test(entry));
    await eventually(() => waiting() || secondDone, 30_000, 'the second switch to wait for the runtime folder\'s claim lock');
    expect(secondDone, 'the second switch went on while the first held the state folder').toBe(false);
    expect(existsSync(join(stateDir, 'lib/procform/profiles/b.switching')), 'the second switch claimed the manager').toBe(false);

    first.kill('SIGCONT');
    expect(await firstExit, firstErr).toBe(0);
    const refused = await second;
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain('error: profile "a" of this state folder runs on the same builtin manager');
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect(processesWith(join(dir, 'second'))).toEqual([]);
    expect(existsSync(join(stateDir, 'lib/procform/profiles/b'))).toBe(false);
  });

  it('builtin: a second state folder on the same runtime folder is refused before anything changes; after down of the first it deploys there', async () => {
    const dir = tempDir('pf-');
    const [stateA, stateB] = [join(dir, 'state-a'), join(dir, 'state-b')];
    const runtimeDir = join(dir, 'run');
    const optionsOf = (stateDir: string) => ['--state-dir', stateDir, '--runtime-dir', runtimeDir];
    const switchIn = (stateDir: string, instance: string) => runCli(['switch', writeModel(dir, instance), ...optionsOf(stateDir), '--force-disable-user-change']);
    // stopSupervisorOf looks in <its folder>/run: the shared runtime folder is <dir>/run.
    onTestFinished(() => stopSupervisorOf(dir, async () => [await runCli(['down', ...optionsOf(stateB)]), await runCli(['down', ...optionsOf(stateA)])]));

    const first = await switchIn(stateA, 'first');
    expect(first.code, first.stderr).toBe(0);
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);

    const refused = await switchIn(stateB, 'second');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: profile "processes" of state folder ${stateA} runs on the same builtin manager (runtime folder ${runtimeDir}): a switch of profile "processes" of state folder ${stateB} would stop its instances (first)\n` +
        `hint: Give this deployment a runtime folder of its own (--runtime-dir), or stop the other first (\`procform down -p processes --state-dir ${stateA}\`).\n`,
    );
    // Nothing changed: the first runs, the second never started, state folder B has no generation.
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect(processesWith(join(dir, 'second'))).toEqual([]);
    expect(existsSync(join(stateB, 'lib/procform/profiles/processes'))).toBe(false);

    // After the first's down its claim no longer refuses; the second then claims the runtime folder.
    const down = await runCli(['down', ...optionsOf(stateA)]);
    expect(down.code, down.stderr).toBe(0);
    const second = await switchIn(stateB, 'second');
    expect(second.code, second.stderr).toBe(0);
    expect(processesWith(join(dir, 'second'))).toHaveLength(1);
    const back = await switchIn(stateA, 'first');
    expect(back.code).toBe(1);
    expect(back.stderr).toContain(`error: profile "processes" of state folder ${stateB} runs on the same builtin manager`);
    expect(processesWith(join(dir, 'second'))).toHaveLength(1);
    expect(processesWith(join(dir, 'first'))).toEqual([]);
  });

  it('builtin: of two state folders\' first switches at the same time onto one runtime folder, the second waits for the first\'s claim and is refused', async () => {
    const dir = tempDir('pf-');
    const [stateA, stateB] = [join(dir, 'state-a'), join(dir, 'state-b')];
    const runtimeDir = join(dir, 'run');
    const switchArgs = (stateDir: string, instance: string) => ['switch', writeModel(dir, instance), '--state-dir', stateDir, '--runtime-dir', runtimeDir, '--force-disable-user-change'];
    // The first stops itself (SIGSTOP, src/fault-point.ts) after its check and before its claim,
    // the moment a second switch that did not wait would find no claim and pass.
    const first = spawn(process.execPath, [cliPath, ...switchArgs(stateA, 'first')], {
      env: { ...process.env, NO_COLOR: '1', PROCFORM_FAULT_POINT: 'switch:manager-checked', PROCFORM_FAULT_ACTION: 'stop' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let firstErr = '';
    first.stderr.on('data', (chunk: Buffer) => (firstErr += chunk.toString()));
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    onTestFinished(() => stopSupervisorOf(dir, async () => [await runCli(['down', '--state-dir', stateB, '--runtime-dir', runtimeDir]), await runCli(['down', '--state-dir', stateA, '--runtime-dir', runtimeDir])]));
    onTestFinished(() => void (first.exitCode === null && first.kill('SIGKILL')));
    const stopped = () => readFileSync(`/proc/${first.pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('T');
    await eventually(() => first.exitCode === null && stopped(), 30_000, 'the first switch to stop at its point');

    let secondDone = false;
    const second = runCli(switchArgs(stateB, 'second')).finally(() => (secondDone = true));
    // A waiter keeps its own "PID START" file beside the lock until it takes it (src/fs/lock-file.ts).
    const waiting = () => readdirSync(runtimeDir).some((entry) => /^procform-profile\.lock\.\d+\.tmp$/.test(entry));
    await eventually(() => waiting() || secondDone, 30_000, 'the second switch to wait for the runtime folder\'s claim');
    expect(secondDone, 'the second switch went on while the first was between its check and its claim').toBe(false);

    first.kill('SIGCONT');
    expect(await firstExit, firstErr).toBe(0);
    const refused = await second;
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain(`error: profile "processes" of state folder ${stateA} runs on the same builtin manager`);
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect(processesWith(join(dir, 'second'))).toEqual([]);
    expect(existsSync(join(stateB, 'lib/procform/profiles/processes'))).toBe(false);
  });

  it.skipIf(process.getuid?.() !== 0)('builtin: a claimant state folder this user cannot read is a clear refusal, not a crash', async () => {
    const dir = tempDir('pf-');
    const [stateA, stateB] = [join(dir, 'state-a'), join(dir, 'state-b')];
    const runtimeDir = join(dir, 'run');
    const optionsOf = (stateDir: string) => ['--state-dir', stateDir, '--runtime-dir', runtimeDir];
    // stopSupervisorOf looks in <its folder>/run: the shared runtime folder is <dir>/run.
    onTestFinished(() => stopSupervisorOf(dir, () => runCli(['down', ...optionsOf(stateA)])));
    const first = await runCli(['switch', writeModel(dir, 'first'), ...optionsOf(stateA), '--force-disable-user-change']);
    expect(first.code, first.stderr).toBe(0);
    // Another user (nobody) with a state folder of its own, on the same runtime folder; root's is closed to it.
    chmodSync(dir, 0o755);
    chmodSync(runtimeDir, 0o777);
    mkdirSync(stateB);
    chownSync(stateB, 65534, 65534);
    chmodSync(join(stateA, 'lib'), 0o700);
    onTestFinished(() => chmodSync(join(stateA, 'lib'), 0o755));

    const refused = await runCli(['switch', writeModel(dir, 'second'), ...optionsOf(stateB), '--force-disable-user-change'], { uid: 65534, gid: 65534 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: cannot tell whether profile "processes" of state folder ${stateA}, which claimed the same builtin manager (runtime folder ${runtimeDir}) in ${join(runtimeDir, 'procform-profile')}, still runs there: this user cannot read ${join(stateA, 'lib/procform/profiles')}\n` +
        `hint: Give this deployment a runtime folder of its own (--runtime-dir), or run as the user who deployed ${stateA}.\n`,
    );
    expect(processesWith(join(dir, 'first'))).toHaveLength(1);
    expect(processesWith(join(dir, 'second'))).toEqual([]);
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
