import type { RestartSpec } from '../../model/types.ts';

/** Whether a run that ended this way is restarted under the policy (a stop is never). */
export function shouldRestart(policy: RestartSpec['policy'], code: number | null): boolean {
  if (policy === 'always') return true;
  return policy === 'on-failure' && code !== 0;
}

/** The delay before the restart that follows `consecutive` earlier ones: exponential, capped. */
export function restartDelay(backoff: RestartSpec['backoff'], consecutive: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * backoff.multiplier ** consecutive);
}
