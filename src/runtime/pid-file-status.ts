// The status of an instance that runs without a supervising manager (sysvinit, disnix): its PID
// file, and procform-daemonize's status file when procform-daemonize runs a foreground program.
import { stat } from 'node:fs/promises';
import type { ManifestInstance } from '../build/manifest.ts';
import type { InstanceState, InstanceStatus } from '../deploy/types.ts';
import { STATUS_PROBE_TIMEOUT_MS, withLastLines } from '../deploy/instance-failed.ts';
import type { ReadinessSpec } from '../model/types.ts';
import { readPidFile } from '../process/read-pid-file.ts';
import { logFileOutput } from '../readiness/log-output.ts';
import { probeOnce } from '../readiness/probe.ts';
import { readDaemonizeStatus } from './daemonizer/status-file.ts';

/** What a backend records about an instance it starts from a PID file. */
export interface PidFileInstance {
  pidFile: string;
  /** Its output log, or null when output logging is off. */
  logFile: string | null;
  /** procform-daemonize's status file, for a daemonized foreground process. */
  daemonizeStatusFile: string | null;
  readiness: ReadinessSpec | null;
}

/**
 * The shared status record, given the state the backend found (running, failed: dead with its PID
 * file left, stopped): the program's own PID (procform-daemonize's child, not procform-daemonize),
 * its restarts, and for a failed one why, with its last lines.
 */
export async function pidFileStatus(entry: ManifestInstance, info: PidFileInstance, state: InstanceState): Promise<InstanceStatus> {
  const pidFromFile = await readPidFile(info.pidFile);
  const daemonize = info.daemonizeStatusFile === null ? null : await readDaemonizeStatus(info.daemonizeStatusFile);
  // Only a status file written by the procform-daemonize the PID file names is current.
  const supervised = daemonize !== null && daemonize.supervisorPid === pidFromFile ? daemonize : null;
  const base = { instance: entry.instance, name: entry.name, restarts: supervised?.restarts ?? null };
  if (state === 'running') {
    const startedAt = supervised?.startedAt ?? (await stat(info.pidFile).then((file) => file.mtimeMs, () => null));
    const ready =
      info.readiness === null ? true : (await probeOnce(info.readiness, info.logFile === null ? {} : { output: logFileOutput(info.logFile) }, STATUS_PROBE_TIMEOUT_MS)).ready;
    return { ...base, state: supervised?.state === 'backoff' ? 'backoff' : 'running', pid: supervised ? supervised.pid : pidFromFile, startedAt, ready };
  }
  const failed = state === 'failed' ? { reason: failureReason(info, supervised?.reason) } : {};
  return { ...base, state, pid: null, startedAt: null, ready: false, ...failed };
}

/** Why an instance is dead, in words, with the last lines of its log. */
function failureReason(info: PidFileInstance, reason: string | undefined): string {
  return withLastLines(reason ?? `not running, but ${info.pidFile} is left`, info.logFile);
}
