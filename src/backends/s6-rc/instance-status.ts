// One instance's status from what s6 says about its services (s6-svstat), what s6-rc counts as up,
// and the state record the run and finish scripts keep.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestInstance } from '../../build/manifest.ts';
import type { InstanceStatus } from '../../deploy/types.ts';
import type { DeploymentDirs } from '../../model/types.ts';
import { withLastLines } from '../../deploy/instance-failed.ts';
import { explainExit, signalName } from '../../process/exit-reason.ts';
import { onlyChild } from '../../process/only-child.ts';
import { isRunning } from '../../process/proc-stat.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import { logFileOutput } from '../../readiness/log-output.ts';
import { probeOnce } from '../../readiness/probe.ts';
import { readServiceRecord, readStartedAt } from '../../runtime/service-dir/service-state.ts';
import type { S6RcPaths } from './paths.ts';
import { daemonLogFile, longrunLogDir, serviceNames, serviceStateDir, stoppedMarker } from './paths.ts';
import { s6Try } from './s6-tools.ts';

export interface SupervisedState {
  up: boolean;
  wantedUp: boolean;
  ready: boolean;
  pid: number | null;
  /** How the last run ended (while it is down). */
  exitCode: number | null;
  signal: string | null;
}

/** s6-svstat of a service folder, or null when no s6-supervise watches it. */
export async function supervisedState(serviceDir: string): Promise<SupervisedState | null> {
  const result = await s6Try('s6-svstat', ['-o', 'up,wantedup,ready,pid,exitcode,signum', serviceDir]);
  if (result.code !== 0) return null;
  const [up, wantedUp, ready, pid, exitCode, signum] = result.stdout.trim().split(/\s+/);
  return {
    up: up === 'true',
    wantedUp: wantedUp === 'true',
    ready: ready === 'true',
    pid: Number(pid) > 0 ? Number(pid) : null,
    exitCode: Number(exitCode) >= 0 ? Number(exitCode) : null,
    signal: Number(signum) > 0 ? signalName(Number(signum)) : null,
  };
}

/** Whether the instance's process runs now (whatever s6-rc thinks). */
export async function isInstanceUp(entry: ManifestInstance, paths: S6RcPaths): Promise<boolean> {
  if (entry.spec.foreground === null) return (await daemonPid(entry)) !== null;
  return (await supervisedState(join(paths.scanDir, serviceNames(entry.name).srv)))?.up ?? false;
}

export async function daemonPid(entry: ManifestInstance): Promise<number | null> {
  const pid = await readPidFile(entry.spec.pidFile);
  return pid !== null && isRunning(pid) ? pid : null;
}

export async function instanceStatus(entry: ManifestInstance, dirs: DeploymentDirs, paths: S6RcPaths, active: ReadonlySet<string> | null): Promise<InstanceStatus> {
  const base = { instance: entry.instance, name: entry.name };
  const names = serviceNames(entry.name);
  const longrun = entry.spec.foreground !== null;
  const stopped = (reason: string): InstanceStatus => ({ ...base, state: 'stopped', pid: null, startedAt: null, restarts: null, ready: false, reason });
  if (active === null) return stopped('s6-svscan is not running; `procform switch` starts it');
  if (!active.has(longrun ? names.srv : entry.name)) return stopped('s6-rc has not started it; a switch does');

  if (!longrun) {
    const pid = await daemonPid(entry);
    const logFile = daemonLogFile(dirs, entry.name);
    if (pid === null && existsSync(stoppedMarker(dirs, entry.name))) return stopped('stopped on request (procform stop); procform start or a switch starts it');
    if (pid === null) return { ...base, state: 'failed', pid: null, startedAt: null, restarts: null, ready: false, reason: withLastLines(`the daemon named by ${entry.spec.pidFile} is gone; nothing restarts a oneshot's daemon: a switch starts it again`, logFile) };
    const readiness = entry.spec.readiness;
    return {
      ...base,
      state: 'running',
      pid,
      startedAt: null,
      restarts: null,
      ready: readiness === null ? true : (await probeOnce(readiness, { output: logFileOutput(logFile) }, 2000)).ready,
    };
  }

  const stateDir = serviceStateDir(dirs, entry.name);
  const logFile = join(longrunLogDir(dirs, entry.name), 'current');
  const [svstat, record] = await Promise.all([supervisedState(join(paths.scanDir, names.srv)), readServiceRecord(stateDir)]);
  if (svstat === null) return stopped('no s6-supervise watches it');
  if (svstat.up && svstat.pid !== null) {
    const pid = entry.spec.log.timestamps ? ((await onlyChild(svstat.pid)) ?? svstat.pid) : svstat.pid;
    return { ...base, state: 'running', pid, startedAt: await readStartedAt(stateDir), restarts: record.total, ready: entry.spec.readiness === null ? true : svstat.ready };
  }
  // Taken down on purpose (s6-svc -d: `procform stop`) rather than by its end: stopped, not failed.
  if (!svstat.wantedUp && record.stopped === 'stopped') return stopped('stopped by s6-svc -d (procform stop); `procform start` or the next switch starts it again');
  const ended = svstat.exitCode === null && svstat.signal === null ? 'it ended' : `it ${explainExit(svstat.exitCode, svstat.signal)}`;
  // Wanted up, it is down while its finish script runs: restarted after the backoff delay, unless its policy or the backoff's limit keeps it down.
  const { policy } = entry.spec.restart;
  const staysDown = policy === 'no' || (policy === 'on-failure' && svstat.exitCode === 0) || (record.stopped !== null && record.stopped !== 'stopped');
  if (!svstat.wantedUp && record.stopped === 'stopped') return { ...stopped('stopped on request (procform stop or s6-svc -d); procform start or a switch starts it'), restarts: record.total };
  if (svstat.wantedUp && !staysDown) return { ...base, state: 'backoff', pid: null, startedAt: null, restarts: record.total, ready: false, reason: withLastLines(`${ended}; s6-supervise restarts it`, logFile) };
  return { ...base, state: 'failed', pid: null, startedAt: null, restarts: record.total, ready: false, reason: withLastLines(`${ended}${record.stopped ? `; not restarted: ${record.stopped}` : ''}`, logFile) };
}
