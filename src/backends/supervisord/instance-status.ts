// supervisord's view of a program, in procform's words: InstanceStatus for `procform status`, and
// reasons for failures that quote the program's last log lines.
import type { ManifestInstance } from '../../build/manifest.ts';
import type { InstanceState, InstanceStatus } from '../../deploy/types.ts';
import { explainExit } from '../../process/exit-reason.ts';
import { STATUS_PROBE_TIMEOUT_MS, withLastLines } from '../../deploy/instance-failed.ts';
import { onlyChild } from '../../process/only-child.ts';
import { isRunning } from '../../process/proc-stat.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import { logFileOutput } from '../../readiness/log-output.ts';
import { probeOnce } from '../../readiness/probe.ts';
import { MIN_UPTIME_MS } from '../../runtime/backoff.ts';
import { exitFromSupervisordLog } from './exit-from-log.ts';
import { stillInWrapper } from './in-wrapper.ts';
import type { ProcessInfo } from './supervisor-api.ts';
import { PROCESS_STATE } from './supervisor-api.ts';

const stateOf: Record<number, InstanceState> = {
  [PROCESS_STATE.STOPPED]: 'stopped',
  [PROCESS_STATE.STARTING]: 'starting',
  [PROCESS_STATE.RUNNING]: 'running',
  [PROCESS_STATE.BACKOFF]: 'backoff',
  [PROCESS_STATE.STOPPING]: 'stopped',
  [PROCESS_STATE.FATAL]: 'failed',
  [PROCESS_STATE.UNKNOWN]: 'unknown',
};

/** A program's log, and supervisord's own (which alone says which signal ended a program). */
export interface ProgramLogs {
  logFile: string;
  supervisordLog: string;
}

export async function instanceStatus(entry: ManifestInstance, info: ProcessInfo | null, logs: ProgramLogs, unreachable: string | null): Promise<InstanceStatus> {
  const { logFile } = logs;
  const base = { instance: entry.instance, name: entry.name, restarts: null };
  if (info === null) {
    return { ...base, state: 'stopped', pid: null, startedAt: null, ready: false, reason: unreachable ?? 'supervisord does not know this program; a switch adds it' };
  }
  const { spec } = entry;
  const exitedExpectedly = info.state === PROCESS_STATE.EXITED && (spec.restart.policy === 'no' ? info.exitstatus === 0 : false);
  const up = info.state === PROCESS_STATE.RUNNING || info.state === PROCESS_STATE.STARTING;
  // A foreground program whose wrapper still waits (for its dependencies) has not started yet.
  const waiting = up && spec.foreground !== null && (await stillInWrapper(info.pid));
  let state: InstanceState =
    info.state === PROCESS_STATE.EXITED ? (exitedExpectedly ? 'stopped' : 'failed') : waiting ? 'starting' : (stateOf[info.state] ?? 'unknown');
  let ready: boolean | null = state === 'running';
  // The probe gets as long as a switch gives one attempt: a client program (supervisorctl,
  // ssh-keyscan) can take more than a second on a loaded machine, and is still right.
  if (spec.readiness !== null) ready = up && !waiting && (await probeOnce(spec.readiness, { output: logFileOutput(logFile) }, STATUS_PROBE_TIMEOUT_MS)).ready;
  // A start counts once its readiness check passed, even within startsecs (procform's start rule).
  if (state === 'starting' && ready === true) state = 'running';
  const failed = state === 'failed' || state === 'backoff';
  return {
    ...base,
    state,
    // A proxied daemon is the process that matters, not its proxy; so is a program whose output
    // timestamp-lines stamps, not timestamp-lines.
    pid: up ? ((spec.foreground === null ? await daemonPid(spec.pidFile) : spec.log.timestamps ? await onlyChild(info.pid) : null) ?? info.pid) : null,
    startedAt: up && info.start > 0 ? info.start * 1000 : null,
    ready,
    ...(failed && { reason: await failureReason(info, logs) }),
  };
}

/** Why a program is not running, in words, with its last log lines. */
export async function failureReason(info: ProcessInfo, { logFile, supervisordLog }: ProgramLogs): Promise<string> {
  // supervisord records the exit status of a program that ended, not of one that failed to start;
  // a signal only in its log (exitstatus is -1 then).
  let why = info.spawnerr || info.description || info.statename;
  const logged = exitFromSupervisordLog(supervisordLog, info.name);
  if (info.state === PROCESS_STATE.EXITED) {
    why = info.exitstatus === -1 && logged?.signal ? explainExit(null, logged.signal) : explainExit(info.exitstatus, null);
  } else if ((info.state === PROCESS_STATE.FATAL || info.state === PROCESS_STATE.BACKOFF) && logged !== null && info.spawnerr.startsWith('Exited too quickly')) {
    // "Exited too quickly": how, and that it never ran startsecs (procform's start rule).
    why = `${explainExit(logged.code, logged.signal)}, before it ran ${MIN_UPTIME_MS / 1000} s (startsecs)${info.state === PROCESS_STATE.FATAL ? '; supervisord gave up after startretries' : ''}`;
  }
  return withLastLines(`${info.statename}: ${why}`, logFile);
}

async function daemonPid(pidFile: string): Promise<number | null> {
  const pid = await readPidFile(pidFile);
  return pid !== null && isRunning(pid) ? pid : null;
}
