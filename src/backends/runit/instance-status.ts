// One instance's status from `sv status`, its PID file (a daemon behind the proxy) and the state
// record its run and finish scripts keep.
import { join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { InstanceStatus } from '../../deploy/types.ts';
import type { DeploymentDirs } from '../../model/types.ts';
import { withLastLines } from '../../deploy/instance-failed.ts';
import { explainExit } from '../../process/exit-reason.ts';
import { onlyChild } from '../../process/only-child.ts';
import { isRunning } from '../../process/proc-stat.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import { logFileOutput } from '../../readiness/log-output.ts';
import { probeOnce } from '../../readiness/probe.ts';
import { readLastExit, readServiceRecord, readStartedAt, serviceStateFiles } from '../../runtime/service-dir/service-state.ts';
import type { RunitPaths } from './paths.ts';
import { serviceStateDir, svlogdDir } from './paths.ts';
import { svStatus } from './sv.ts';

export async function instanceStatus(entry: ManifestInstance, dirs: DeploymentDirs, paths: RunitPaths, managerRunning: boolean): Promise<InstanceStatus> {
  const base = { instance: entry.instance, name: entry.name };
  const stopped = (reason: string): InstanceStatus => ({ ...base, state: 'stopped', pid: null, startedAt: null, restarts: null, ready: false, reason });
  if (!managerRunning) return stopped('runsvdir is not running; `procform switch` starts it');
  const stateDir = serviceStateDir(dirs, entry.name);
  const logFile = join(svlogdDir(dirs, entry.name), 'current');
  const [status, record] = await Promise.all([svStatus(join(paths.scanDir, entry.name)), readServiceRecord(stateDir)]);
  if (status.state === null) return stopped('no runsv watches it; a switch starts it');
  if (status.state === 'run' && status.pid !== null) {
    const pid = await programPid(entry, status.pid);
    const readiness = entry.spec.readiness;
    const ready =
      readiness === null ? pid !== null : pid !== null && (await probeOnce(readiness, { output: logFileOutput(logFile, { offsetFile: serviceStateFiles(stateDir).logOffset }) }, 2000)).ready;
    return { ...base, state: pid === null ? 'starting' : 'running', pid, startedAt: await readStartedAt(stateDir), restarts: record.total, ready };
  }
  // Taken down on purpose (sv force-stop: `procform stop`) rather than by its end: stopped, not failed.
  if (!status.wantUp && record.stopped === 'stopped') return stopped('stopped by sv force-stop (procform stop); `procform start` or the next switch starts it again');
  const exit = await readLastExit(stateDir);
  const ended = exit === null ? 'it ended' : `it ${explainExit(exit.code, exit.signal)}`;
  // Down (or finishing) while wanted up: restarted after the backoff delay, unless its policy or the backoff's limit keeps it down.
  const { policy } = entry.spec.restart;
  const staysDown = policy === 'no' || (policy === 'on-failure' && exit?.code === 0) || (record.stopped !== null && record.stopped !== 'stopped');
  if (!status.wantUp && record.stopped === 'stopped') return { ...stopped('stopped on request (procform stop or sv down); procform start or a switch starts it'), restarts: record.total };
  if (status.wantUp && !staysDown) return { ...base, state: 'backoff', pid: null, startedAt: null, restarts: record.total, ready: false, reason: withLastLines(`${ended}; runsv restarts it`, logFile) };
  if (staysDown && exit !== null) return { ...base, state: 'failed', pid: null, startedAt: null, restarts: record.total, ready: false, reason: withLastLines(`${ended}; not restarted: ${record.stopped ?? 'its restart policy does not restart it'}`, logFile) };
  return stopped('it was stopped');
}

/**
 * The program's PID: the daemon its PID file names (behind the foreground proxy), the program
 * timestamp-lines runs, or runsv's child itself; null while the run script still prepares (waits
 * for dependencies).
 */
async function programPid(entry: ManifestInstance, pid: number): Promise<number | null> {
  if (entry.spec.foreground === null) {
    const daemon = await readPidFile(entry.spec.pidFile);
    return daemon !== null && isRunning(daemon) ? daemon : null;
  }
  if (entry.spec.log.timestamps) return onlyChild(pid);
  return pid;
}
