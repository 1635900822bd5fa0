// The state record of a supervised service (s6, runit): written by its run script (its process group,
// when the run began) and by its finish script (how it ended, restarts, whether it gave up), read by
// the driver's status. One folder per service, under the deployment's runtime folder.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { signalName } from '../../process/exit-reason.ts';

export interface ServiceStateFiles {
  /** The run's process group (the run script's PID): what the finish script kills. */
  group: string;
  /** When the current run began, in ms since the epoch. */
  startedAt: string;
  /** The log file's size when the run began, for `log` readiness. */
  logOffset: string;
  /** The restart bookkeeping and the last exit (LastExit), written by restart-gate-main.ts. */
  record: string;
  /** The finish script's arguments ("CODE SIGNAL"), written first thing: how the last run ended. */
  lastExit: string;
}

export function serviceStateFiles(stateDir: string): ServiceStateFiles {
  return {
    group: join(stateDir, 'group'),
    startedAt: join(stateDir, 'started-at'),
    logOffset: join(stateDir, 'log-offset'),
    record: join(stateDir, 'restarts.json'),
    lastExit: join(stateDir, 'last-exit'),
  };
}

/** How the last run ended, and what came of it. */
export interface ServiceRecord {
  /** Restarts since the last run of resetAfter (what the backoff counts). */
  recent: number;
  /** Runs in a row that ended before they counted as started (see runtime/backoff.ts). */
  failedStarts: number;
  /** Every restart since the instance was started by procform. */
  total: number;
  lastExit: { code: number | null; signal: string | null; at: number } | null;
  /** Not restarted after the last exit: its policy says so, or it gave up; why, in words. */
  stopped: string | null;
}

export const emptyRecord: ServiceRecord = { recent: 0, failedStarts: 0, total: 0, lastExit: null, stopped: null };

export async function readServiceRecord(stateDir: string): Promise<ServiceRecord> {
  try {
    return { ...emptyRecord, ...(JSON.parse(await readFile(serviceStateFiles(stateDir).record, 'utf8')) as Partial<ServiceRecord>) };
  } catch {
    return emptyRecord;
  }
}

export async function readStartedAt(stateDir: string): Promise<number | null> {
  const value = Number((await readFile(serviceStateFiles(stateDir).startedAt, 'utf8').catch(() => '')).trim());
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** A start by procform begins a new count: restarts and the last exit are forgotten. */
export async function resetServiceRecord(stateDir: string): Promise<void> {
  await rm(serviceStateFiles(stateDir).record, { force: true });
}

/**
 * How a run ended, from the finish script's two arguments: s6 passes 256 and the signal number for
 * a killed run, runit -1 and the wait status (whose low seven bits are the signal).
 */
export function decodeExit(code: number, status: number): { code: number | null; signal: string | null } {
  const signalled = code === -1 || code > 255;
  return signalled ? { code: null, signal: status & 127 ? signalName(status & 127) : null } : { code, signal: null };
}

/** How the last run ended, as the finish script noted it at once (before any restart decision). */
export async function readLastExit(stateDir: string): Promise<{ code: number | null; signal: string | null } | null> {
  const match = /^(-?\d+) (\d+)$/.exec((await readFile(serviceStateFiles(stateDir).lastExit, 'utf8').catch(() => '')).trim());
  return match === null ? null : decodeExit(Number(match[1]), Number(match[2]));
}
