import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { testDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

/** The PID a test process wrote to a file, once it is there. */
const pidIn = (file: string): number | undefined => {
  try {
    return Number(readFileSync(file, 'utf8')) || undefined;
  } catch {
    return undefined;
  }
};

describe('builtin: stopping', () => {
  it('escalates to SIGKILL for a group that ignores SIGTERM, and reports stopped only once the group is empty', async () => {
    const deployment = testDeployment();
    const grandchildFile = join(deployment.outDir, 'grandchild');
    // The leader and its grandchild both ignore SIGTERM (an ignored signal stays ignored across fork and exec).
    await deployment.deploy(() => ({
      stubborn: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          args: ['-c', `trap "" TERM; sleep 1000 & echo $! > ${grandchildFile}; while :; do sleep 0.05; done`],
          stop: { timeout: '500ms' },
        }),
      },
    }));
    const grandchild = await eventually(() => pidIn(grandchildFile));
    const leader = (await deployment.statusOf('stubborn')).pid!;
    expect(isRunning(leader) && isRunning(grandchild)).toBe(true);
    await deployment.deploy(() => ({}));
    expect(isRunning(leader)).toBe(false);
    expect(isRunning(grandchild)).toBe(false);
    expect(deployment.supervisorLog()).toMatch(/stubborn: still running after 500 ms, sending SIGKILL/);
  });

  it('waits for a grandchild that outlives its parent', async () => {
    const deployment = testDeployment();
    const grandchildFile = join(deployment.outDir, 'grandchild');
    await deployment.deploy(() => ({
      parent: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          args: ['-c', `(trap "" TERM; exec sleep 1000) & echo $! > ${grandchildFile}; exec sleep 1000`],
          stop: { timeout: '300ms' },
        }),
      },
    }));
    const grandchild = await eventually(() => pidIn(grandchildFile));
    await deployment.deploy(() => ({}));
    expect(isRunning(grandchild)).toBe(false);
  });

  it('clears what is left of the group before restarting a process that exited', async () => {
    const deployment = testDeployment();
    const pids = join(deployment.outDir, 'pids');
    await deployment.deploy(() => ({
      leaky: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          // Each run lasts long enough (1 s) to count as started, so it is restarted rather than failed.
          args: ['-c', `sleep 1000 & echo $! >> ${pids}; sleep 1.1; exit 1`],
          restart: { policy: 'on-failure', backoff: { initial: '10ms', maxRestarts: 100 } },
        }),
      },
    }));
    await eventually(async () => ((await deployment.statusOf('leaky')).restarts! >= 2 ? true : undefined), 20_000, 'two restarts of leaky');
    const leftovers = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    // All but the current run's background sleep are gone.
    expect(leftovers.slice(0, -1).filter(isRunning)).toEqual([]);
  });

  it('SIGTERM to the supervisor stops every instance, dependents first, then the supervisor', async () => {
    const deployment = testDeployment();
    await deployment.deploy(() => {
      const db = createManagedProcess({ process: '/bin/sleep', args: [1000] });
      const web = createManagedProcess({ process: '/bin/sleep', args: [1000], dependencies: [db] });
      return { db: { pkg: db }, web: { pkg: web } };
    });
    const pids = (await deployment.status()).map((status) => status.pid!);
    const supervisor = deployment.supervisorPid()!;
    process.kill(supervisor, 'SIGTERM');
    await eventually(() => (isRunning(supervisor) ? undefined : true), 10_000, 'the supervisor to exit');
    expect(pids.filter(isRunning)).toEqual([]);
    const log = deployment.supervisorLog();
    expect(log.indexOf('web: stopped')).toBeLessThan(log.indexOf('db: sending SIGTERM'));
    expect((await deployment.status()).map((status) => status.state)).toEqual(['stopped', 'stopped']);
  });

  it('exits on SIGTERM even when its runtime folder was removed under it', async () => {
    const deployment = testDeployment();
    await deployment.deploy(() => ({ sleeper: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1000] }) } }));
    const { pid } = await deployment.statusOf('sleeper');
    const supervisor = deployment.supervisorPid()!;
    rmSync(join(deployment.stateDir, 'run'), { recursive: true, force: true });
    process.kill(supervisor, 'SIGTERM');
    await eventually(() => (isRunning(supervisor) ? undefined : true), 10_000, 'the supervisor to exit');
    expect(isRunning(pid!)).toBe(false);
  });
});
