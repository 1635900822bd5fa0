import type { EventSink } from './types.ts';

/**
 * After a stage of runInOrder: the first failure that is an instance's own (`isOwn`, in the order
 * given) is thrown, with what it said; the others (dependents not started because of it, say) are
 * reported as events, so that one switch reports every failure once.
 */
export function throwFirstFailure(order: readonly string[], outcomes: Map<string, Error | null>, events: EventSink, isOwn: (error: Error) => boolean): void {
  const failures = order.flatMap((instance) => {
    const error = outcomes.get(instance);
    return error ? [{ instance, error }] : [];
  });
  if (failures.length === 0) return;
  const thrown = failures.find(({ error }) => isOwn(error)) ?? failures[0]!;
  for (const { instance, error } of failures) if (error !== thrown.error) events({ kind: 'failed', instance, reason: error.message });
  throw thrown.error;
}
