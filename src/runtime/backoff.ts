// Restart with backoff, and when a start counts: the one policy of every part of the shared runtime
// that supervises (the builtin supervisor, procform-daemonize), and what backends whose manager
// restarts by itself map their manager's options onto (supervisord's startsecs and startretries).
import type { RestartSpec } from '../model/types.ts';

/**
 * A run counts as started once it has run this long, when the instance has no readiness check
 * (with one, passing the check is what counts). supervisord's `startsecs` default, and PM2's
 * `min_uptime`: a program that exits at once (a typo, a missing file, a port in use) is never
 * reported ready, and a switch waiting for it fails with its exit instead.
 */
export const MIN_UPTIME_MS = 1000;

/**
 * How many runs in a row may end before they count as started before the instance fails for good:
 * supervisord's `startretries` default (it counts every start, the automatic restarts too). A crash
 * loop then fails the switch within seconds, with its exit and last lines, rather than cycling
 * through backoff while reported ready.
 */
export const START_RETRIES = 3;

/** Restart bookkeeping of one instance. */
export interface RestartCounter {
  /** Restarts since the last run that lasted resetAfterMs (or since the instance was started). */
  recent: number;
  /** Runs in a row that ended before counting as started. */
  failedStarts: number;
}

export function newRestartCounter(): RestartCounter {
  return { recent: 0, failedStarts: 0 };
}

export type RestartDecision =
  | { action: 'stay-stopped' }
  | { action: 'fail'; why: string }
  | { action: 'restart'; delayMs: number };

export interface EndedRun {
  /** Exited 0 (not killed by a signal). */
  succeeded: boolean;
  durationMs: number;
  /** Whether the run counted as started: it survived MIN_UPTIME_MS, or passed its readiness check. */
  started: boolean;
}

/**
 * What to do when a run ends by itself. Pure, so the policy is unit-tested without waiting. The
 * first restart after a crash is immediate (as PM2's: a process that ran fine and crashed once is
 * back at once); from the second failure in a row the delay grows as initial × multiplier^(n-1) up
 * to max. A long enough run forgets earlier restarts; after maxRestarts without such a run, or
 * START_RETRIES runs that never counted as started, the instance is failed rather than restarted
 * forever.
 */
export function decideRestart(spec: RestartSpec, counter: RestartCounter, run: EndedRun): RestartDecision {
  if (spec.policy === 'no' || (spec.policy === 'on-failure' && run.succeeded)) {
    return run.succeeded ? { action: 'stay-stopped' } : { action: 'fail', why: `restart policy is '${spec.policy}'` };
  }
  const { maxRestarts, resetAfterMs } = spec.backoff;
  counter.failedStarts = run.started ? 0 : counter.failedStarts + 1;
  if (counter.failedStarts > START_RETRIES) {
    return { action: 'fail', why: `it ended before it counted as started (${duration(MIN_UPTIME_MS)} up, or its readiness check passed) ${counter.failedStarts} times in a row` };
  }
  if (run.durationMs >= resetAfterMs) counter.recent = 0;
  if (counter.recent >= maxRestarts) {
    return { action: 'fail', why: `gave up after ${counter.recent} restart${counter.recent === 1 ? '' : 's'} without a run of ${resetAfterMs} ms` };
  }
  const delayMs = restartDelayMs(spec.backoff, counter.recent);
  counter.recent += 1;
  return { action: 'restart', delayMs };
}

/** The delay before a restart that follows `earlier` restarts without a long run: 0 for the first, then exponential, capped. */
export function restartDelayMs(backoff: RestartSpec['backoff'], earlier: number): number {
  if (earlier === 0) return 0;
  return Math.min(backoff.maxMs, Math.round(backoff.initialMs * backoff.multiplier ** (earlier - 1)));
}

/**
 * The longest a start can take to count as started or fail by the rules above, beyond the time
 * its runs take to spawn: every run tried lives up to MIN_UPTIME_MS, with the delays between them.
 * Whatever waits for a start (procform-daemonize's caller, a driver) waits this plus a margin.
 */
export function longestStartMs(backoff: RestartSpec['backoff']): number {
  let total = (START_RETRIES + 1) * MIN_UPTIME_MS;
  for (let earlier = 0; earlier < START_RETRIES; earlier += 1) total += restartDelayMs(backoff, earlier);
  return total;
}

/** In words, for --explain: the same schedule decideRestart follows. */
export function describeBackoff(backoff: RestartSpec['backoff']): string {
  return (
    `first restart at once, then ${duration(backoff.initialMs)} ×${backoff.multiplier} up to ${duration(backoff.maxMs)}; ` +
    `failed after ${backoff.maxRestarts} restarts without a ${duration(backoff.resetAfterMs)} run, or ${START_RETRIES + 1} runs in a row shorter than ${duration(MIN_UPTIME_MS)}`
  );
}

/** A duration as people write it: 700 ms, 2 s, 1 min. */
export function duration(ms: number): string {
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
