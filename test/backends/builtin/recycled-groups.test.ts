// The kernel gives a freed process group ID to the next process that needs the number, and most
// processes spawned detached lead a group of their own: a group the supervisor once knew may now be
// a stranger's. Neither the guardian nor the next supervisor's leftover stop may signal it.
// A recycled number is made here by recording a stranger's group as one that started earlier
// (the record's `since`), which is exactly what a recycled number looks like.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ChildRecord, readRecord, stopLeftovers } from '../../../src/backends/builtin/supervisor/child-record.ts';
import { controlPaths } from '../../../src/backends/builtin/supervisor/paths.ts';
import { webapp } from '../../../services/webapp.ts';
import type { ProcessContext } from '../../../src/model/types.ts';
import { freePort } from '../../support/free-port.ts';
import { testDeployment } from './deployment.ts';
import { Guardian } from '../../../src/backends/builtin/supervisor/guardian.ts';
import { isRunning, readProcStat } from '../../../src/process/proc-stat.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** A process leading a group of its own, as a detached spawn does; stopped after the test. */
function groupLeader(): { pid: number; since: number } {
  const child = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  return { pid: child.pid!, since: readProcStat(child.pid!)!.startTime };
}

/**
 * A group leader with exactly the PID `pid` (free now), as the kernel would hand it out once its
 * counter comes round: the next PID is set through ns_last_pid (root only), again while another
 * process on the machine takes it first.
 */
function leaderWithPid(pid: number): number {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
    const { pid: got } = groupLeader();
    if (got === pid) return got;
    process.kill(got, 'SIGKILL');
  }
  throw new Error(`could not get PID ${pid}`);
}

describe('a recycled process group ID is not signalled', () => {
  it('by the guardian when the supervisor is gone: only the group that is still the one it tracked is stopped', async () => {
    const stranger = groupLeader();
    const ours = groupLeader();
    const guardian = new Guardian(() => {});
    guardian.start();
    // The stranger's number, recorded for a group that started one tick before it.
    guardian.track(stranger.pid, 'SIGTERM', 1000, stranger.since - 1);
    guardian.track(ours.pid, 'SIGTERM', 1000, ours.since);
    // The pipe closes with both still tracked: what the guardian sees when the supervisor dies.
    await guardian.close();
    expect(isRunning(ours.pid)).toBe(false);
    expect(isRunning(stranger.pid)).toBe(true);
  });

  it('by the next supervisor stopping what a killed one left', async () => {
    const stranger = groupLeader();
    const ours = groupLeader();
    const path = join(tempDir(), 'children.json');
    const record = new ChildRecord(path);
    record.add({ instance: 'gone', pgid: stranger.pid, since: stranger.since - 1, signal: 'SIGTERM', timeoutMs: 1000 });
    record.add({ instance: 'left', pgid: ours.pid, since: ours.since, signal: 'SIGTERM', timeoutMs: 1000 });
    // It returns once the groups it stopped are gone.
    await stopLeftovers(path, () => {});
    expect(isRunning(ours.pid)).toBe(false);
    expect(isRunning(stranger.pid)).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('by down: a daemon launcher\'s group, long gone, whose number a stranger now has', async () => {
    const deployment = testDeployment();
    const port = await freePort();
    const pidFile = join(deployment.outDir, 'webapp.pid');
    await deployment.deploy((ctx: ProcessContext) => {
      const pkg = webapp(ctx)({ port, mode: 'daemon' });
      return { webapp: { pkg: { ...pkg, environment: { ...pkg.environment, PID_FILE: pidFile }, pidFile } } };
    });
    const { pid: daemon } = await deployment.statusOf('webapp');
    // The run's two groups: the launcher's (it exited once the daemon ran) and the daemon's own session.
    const groups = readRecord(controlPaths(join(deployment.stateDir, 'run')).record)!.groups.map((group) => group.pgid);
    expect(groups).toHaveLength(2);
    const launcher = groups.find((pgid) => pgid !== daemon)!;
    expect(readProcStat(launcher)).toBeNull();
    const stranger = leaderWithPid(launcher);

    await deployment.deploy(() => ({}));
    expect(readProcStat(daemon!)?.state ?? 'Z').toBe('Z');
    expect(isRunning(stranger)).toBe(true);
  });
});
