// `procform switch -P openrc` end to end, unprivileged, with OpenRC's real rc-service and
// start-stop-daemon in a private OpenRC root: the host's runlevels and state are never touched.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { expectSuccess, runCliIn, statusesIn } from '../../support/cli.ts';
import { expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { copyWebappsWithState } from '../../support/webapps.ts';
import { checkWebappsSwitch } from '../../support/webapps-switch.ts';
import { eventually } from '../../support/eventually.ts';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { tempDir } from '../../support/temp-dir.ts';

const procformOk = async (stateDir: string, args: string[]) => expectSuccess(await runCliIn(stateDir, args, { timeoutMs: 120_000 }), args);

describe('openrc deployments', () => {
  it('deploys the advanced webapps, restarts only what a change touches, restarts a crashed webapp, runs daemons, and goes down without leftovers', async () => {
    await checkWebappsSwitch('openrc');
  }, 240_000);

  it('keeps OpenRC\'s state and runlevel in the deployment, not the host\'s', async () => {
    const { dir, stateDir } = await copyWebappsWithState();
    await procformOk(stateDir, ['switch', join(dir, 'processes.ts'), '-P', 'openrc', '--force-disable-user-change']);
    const root = join(stateDir, 'run/procform-openrc');
    expect(readdirSync(join(root, 'runlevels/procform')).sort()).toEqual(['nginx', 'webapp']);
    expect(readlinkSync(join(root, 'init.d/webapp'))).toMatch(/-webapp\/etc\/init\.d\/webapp$/);
    expect(readdirSync(join(root, 'svcdir/started')).sort()).toEqual(['nginx', 'webapp']);
    expect(existsSync('/run/openrc/started/webapp')).toBe(false);
    // procform-daemonize runs the program: status names the program, not procform-daemonize.
    const { pid } = (await statusesIn(stateDir)).webapp!;
    expect(pid).not.toBeNull();
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toMatch(/daemonizer/);
    const running = processesUsing(stateDir);
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir, running);
    expect(readdirSync(join(root, 'svcdir/started'))).toEqual([]);
  });

  it('under supervise-daemon, shows a crashed program as backoff, not running, while supervise-daemon waits to respawn it', async () => {
    const dir = tempDir();
    const stateDir = join(dir, 'state');
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ crasher: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', 'sleep 2; exit 3'], overrides: { openrc: { mode: 'supervise', respawn_delay: 8 } } }) } }));\n`,
    );
    onTestFinished(async () => void (await runCliIn(stateDir, ['down'])));
    await procformOk(stateDir, ['switch', model, '-P', 'openrc', '--force-disable-user-change']);
    const first = (await statusesIn(stateDir)).crasher!;
    expect(first).toMatchObject({ state: 'running' });
    const pid = first.pid!;
    await eventually(() => !isRunning(pid), 10_000, 'the program to exit');
    // supervise-daemon waits 8 s to respawn it; OpenRC still says "started", and child_pid still
    // names the program that ended.
    const svcdir = join(stateDir, 'run/procform-openrc/svcdir');
    expect(existsSync(join(svcdir, 'started/crasher'))).toBe(true);
    expect(readFileSync(join(svcdir, 'options/crasher/child_pid'), 'utf8').trim()).toBe(String(pid));
    expect((await statusesIn(stateDir)).crasher).toMatchObject({ state: 'backoff', pid: null, ready: false });
    // That PID, given to another process meanwhile (recycled): still not running.
    const other = spawn('/bin/sleep', ['30'], { stdio: 'ignore' });
    onTestFinished(() => void other.kill('SIGKILL'));
    writeFileSync(join(svcdir, 'options/crasher/child_pid'), `${other.pid}\n`);
    expect((await statusesIn(stateDir)).crasher).toMatchObject({ state: 'backoff', pid: null, ready: false });
    const respawned = await eventually(
      async () => {
        const status = (await statusesIn(stateDir)).crasher!;
        return status.state === 'running' ? status : undefined;
      },
      20_000,
      'the respawn',
    );
    expect(respawned.pid).not.toBe(pid);
  }, 60_000);
});

