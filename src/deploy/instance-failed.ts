// What every driver raises when an instance fails to stop or to become ready, and the one format
// of a failure's reason: how it ended, in words (src/process/exit-reason.ts), then the last lines of
// its log. `procform switch`, `status` and the events show the same text whatever the manager.
import { ProcformError } from '../errors.ts';
import { lastLines } from '../logs/last-lines.ts';

/** How many log lines a failure quotes. */
export const FAILURE_LOG_LINES = 5;

/** "exited 3", then "last lines of FILE:" and the lines, indented; the reason alone when there are none. */
export function withLastLines(why: string, logFile: string | null, rotatedFiles = 0): string {
  let lines: string[] = [];
  try {
    if (logFile !== null) lines = lastLines(logFile, FAILURE_LOG_LINES, rotatedFiles);
  } catch {
    // An unreadable log leaves the reason on its own.
  }
  return lines.length === 0 ? why : `${why}\nlast lines of ${logFile}:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/** An instance that failed to stop or to become ready: `instance "NAME" failed: REASON` (several, one a line). */
export class InstanceFailedError extends ProcformError {
  /** The first instance that failed, when known. */
  readonly instance: string | undefined;
  /** Its reason alone, without the `instance "X" failed: ` before it (for events, which name the instance). */
  readonly reason: string;

  constructor(message: string, instance: string | undefined, options: { hint?: string; cause?: unknown; reason?: string } = {}) {
    super(message, { hint: options.hint ?? (instance === undefined ? undefined : `See its log: procform logs ${instance}`), cause: options.cause });
    this.instance = instance;
    this.reason = options.reason ?? message;
  }

  static of(instance: string, reason: string, options: { hint?: string; cause?: unknown } = {}): InstanceFailedError {
    return new InstanceFailedError(`instance "${instance}" failed: ${reason}`, instance, { ...options, reason });
  }
}

/** What an event says of a failure: the reason alone where the error has one. */
export function failureReasonOf(error: Error): string {
  return error instanceof InstanceFailedError ? error.reason : error.message;
}

/** How long one readiness probe may take when `status` asks: as long as a switch gives one attempt. */
export const STATUS_PROBE_TIMEOUT_MS = 5000;
