// procform-daemonize, the emulation of supervision for foreground-only processes: restart with
// backoff, log capture with rotation and timestamps, signal forwarding, stop escalation.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DaemonizeStatus } from '../../../src/runtime/daemonizer/status-file.ts';
import type { ManagedProcessParams } from '../../../src/model/types.ts';
import type { InstanceStatus } from '../../../src/deploy/types.ts';
import { expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { procform, procformOk, writeModel } from './support.ts';
import { patiently } from '../../support/eventually.ts';

/** Deploys one instance `svc` and returns helpers to run its script and read its files; `failing`: the switch must fail. */
async function deploy(params: ManagedProcessParams, options: { failing?: boolean } = {}) {
  const { model, stateDir } = writeModel(
    `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({ svc: { pkg: createManagedProcess(${JSON.stringify(params)}) } }));
`,
  );
  const switched = options.failing ? await procform(stateDir, ['switch', model]) : await procformOk(stateDir, ['switch', model]);
  if (options.failing) expect(switched.code, switched.stdout + switched.stderr).toBe(1);
  // The current generation's profile, through procform's profile link.
  const script = (activity: string) => spawnSync(join(stateDir, 'lib/procform/profiles/processes/etc/rc.d/init.d/svc'), [activity], { encoding: 'utf8' });
  return {
    stateDir,
    switched,
    script,
    log: () => readFileSync(join(stateDir, 'log/svc.log'), 'utf8'),
    daemonize: () => JSON.parse(readFileSync(join(stateDir, 'run/svc.daemonize.json'), 'utf8')) as DaemonizeStatus,
    /** `status --json`, which exits 3 when svc is not running. */
    status: async () => {
      const result = await procform(stateDir, ['status', '--json']);
      const [status] = JSON.parse(result.stdout) as InstanceStatus[];
      expect(result.code, result.stderr).toBe(status!.state === 'running' ? 0 : 3);
      return status!;
    },
  };
}

describe('procform-daemonize', () => {
  it('restarts a crash loop at once, then with exponential backoff, then gives up: the start fails, with the reason', async () => {
    // It exits at once: no run counts as started (1 s up), so the start fails after START_RETRIES restarts.
    const svc = await deploy(
      {
        foregroundProcess: '/bin/sh',
        foregroundProcessArgs: ['-c', 'echo boom; exit 3'],
        restart: { policy: 'on-failure', backoff: { initial: 50, multiplier: 2, max: 150, maxRestarts: 10 } },
      },
      { failing: true },
    );
    const gaveUp = 'procform-daemonize: svc exited 3; it ended before it counted as started (1 s up, or its readiness check passed) 4 times in a row';
    expect(svc.switched.stderr).toContain(gaveUp);
    // The switch did not finish: status reads the profile it was deploying.
    const status = await svc.status();
    expect(status).toMatchObject({ state: 'failed', pid: null, restarts: 3 });
    expect(status.reason).toMatch(/^svc exited 3; it ended before it counted as started/);
    // What follows is procform-daemonize's parent saying it too (its stderr goes to the log).
    const expected = [
      'boom',
      'procform-daemonize: svc exited 3; restarting in 0 ms',
      'boom',
      'procform-daemonize: svc exited 3; restarting in 50 ms',
      'boom',
      'procform-daemonize: svc exited 3; restarting in 100 ms',
      'boom',
      gaveUp,
      '',
    ].join('\n');
    expect(svc.log().slice(0, expected.length)).toBe(expected);
    // procform-daemonize is gone, its PID file left: LSB's "dead, but the PID file is left".
    expect(processesUsing(svc.stateDir)).toEqual([]);
  });

  it('forwards reload to the process: sleep dies of SIGHUP and is restarted, the supervisor stays', async () => {
    const svc = await deploy({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: ['1000'] });
    const before = svc.daemonize();
    expect(before).toMatchObject({ state: 'running', restarts: 0 });
    expect(svc.script('reload').status).toBe(0);
    await expect.poll(() => svc.daemonize().restarts, patiently).toBe(1);
    await expect.poll(() => svc.daemonize().state, patiently).toBe('running');
    expect(svc.daemonize().supervisorPid).toBe(before.supervisorPid);
    expect(svc.daemonize().pid).not.toBe(before.pid);
    expect(await svc.status()).toMatchObject({ state: 'running', pid: svc.daemonize().pid, restarts: 1, ready: true });
    expect(svc.log()).toContain('procform-daemonize: svc was killed by SIGHUP (hangup); restarting in 0 ms\n');
    await procformOk(svc.stateDir, ['down']);
    await expectNothingRunning(svc.stateDir);
  });

  it('sends SIGKILL to the whole group when the stop signal is ignored past the timeout', async () => {
    const svc = await deploy({
      foregroundProcess: '/bin/sh',
      // TERM is ignored by the shell and by the sleep it leaves in the background (SIG_IGN survives exec).
      foregroundProcessArgs: ['-c', 'trap "" TERM; /bin/sleep 1001 & wait'],
      stop: { signal: 'SIGTERM', timeout: '400ms' },
    });
    await expect.poll(() => processesUsing(svc.stateDir).length, patiently).toBe(3); // supervisor, sh, sleep
    const group = processesUsing(svc.stateDir);
    const began = Date.now();
    const stopped = svc.script('stop');
    expect(stopped.status, stopped.stderr).toBe(0);
    expect(Date.now() - began).toBeGreaterThanOrEqual(400);
    await expectNothingRunning(svc.stateDir, group);
  });

  it('captures output with timestamps, rotates it by size, and procform logs shows the last lines', async () => {
    const svc = await deploy({
      foregroundProcess: '/bin/sh',
      foregroundProcessArgs: ['-c', 'i=0; while [ $i -lt 100 ]; do echo "line $i of the output"; i=$((i+1)); done; exec /bin/sleep 1000'],
      log: { timestamps: true, rotate: { maxSize: 1024, keep: 2 } },
    });
    await expect.poll(() => svc.log(), patiently).toContain('line 99 of the output');
    const files = readdirSync(join(svc.stateDir, 'log')).sort();
    expect(files).toEqual(['svc.log', 'svc.log.1', 'svc.log.2']);
    for (const file of files) expect(statSync(join(svc.stateDir, 'log', file)).size).toBeLessThanOrEqual(1024);
    for (const line of svc.log().trimEnd().split('\n')) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z line \d+ of the output$/);
    const { stdout } = await procformOk(svc.stateDir, ['logs', 'svc', '-n', '2']);
    expect(stdout).toMatch(/^\S+ line 98 of the output\n\S+ line 99 of the output\n$/);
    await procformOk(svc.stateDir, ['down']);
  });

  it('waits for `log` readiness in this start\'s output, not in an earlier run\'s', async () => {
    const svc = await deploy({
      foregroundProcess: '/bin/sh',
      foregroundProcessArgs: ['-c', 'sleep 0.6; echo ready now; exec /bin/sleep 1000'],
      readiness: { kind: 'log', pattern: '^ready now$' },
    });
    expect(svc.log()).toBe('ready now\n');
    expect(svc.script('stop').status).toBe(0);
    // start returned only once this run printed its line: the earlier run's line did not count.
    expect(svc.script('start').status).toBe(0);
    expect(svc.log()).toBe('ready now\nready now\n');
    await procformOk(svc.stateDir, ['down']);
  });
});
