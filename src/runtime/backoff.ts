import type { RestartSpec } from '../model/types.ts';

/** Restart bookkeeping of one instance: how many restarts count towards the limit. */
export interface RestartCounter {
  /** Restarts since the last run that lasted resetAfterMs (or since the instance was started). */
  recent: number;
}

export type RestartDecision =
  | { action: 'stay-stopped' }
  | { action: 'fail'; why: string }
  | { action: 'restart'; delayMs: number };

/**
 * What to do when a run ends by itself. Pure, so the policy is unit-tested without waiting:
 * the delay grows as initial × multiplier^n up to max; a long enough run forgets earlier restarts;
 * after maxRestarts without such a run the instance is failed rather than restarted forever.
 */
export function decideRestart(spec: RestartSpec, counter: RestartCounter, run: { succeeded: boolean; durationMs: number }): RestartDecision {
  if (spec.policy === 'no' || (spec.policy === 'on-failure' && run.succeeded)) {
    return run.succeeded ? { action: 'stay-stopped' } : { action: 'fail', why: `restart policy is '${spec.policy}'` };
  }
  const { initialMs, multiplier, maxMs, maxRestarts, resetAfterMs } = spec.backoff;
  if (run.durationMs >= resetAfterMs) counter.recent = 0;
  if (counter.recent >= maxRestarts) {
    return { action: 'fail', why: `gave up after ${counter.recent} restart${counter.recent === 1 ? '' : 's'} without a run of ${resetAfterMs} ms` };
  }
  const delayMs = Math.min(maxMs, Math.round(initialMs * multiplier ** counter.recent));
  counter.recent += 1;
  return { action: 'restart', delayMs };
}
