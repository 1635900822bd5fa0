import { failureReasonOf, InstanceFailedError } from './instance-failed.ts';
import type { EventSink } from './types.ts';

/**
 * The one behaviour after a stage of runInOrder, for every driver: a failed instance kept only its
 * dependents from starting (they failed with "not started: its dependency X failed"), the rest went
 * on; the first failure that is an instance's own (`isOwn`, by default an InstanceFailedError, in
 * the order given) is thrown, with what it said; the others are reported as events, so that one
 * switch reports every failure once.
 */
export function throwFirstFailure(
  order: readonly string[],
  outcomes: Map<string, Error | null>,
  events: EventSink,
  isOwn: (error: Error) => boolean = (error) => error instanceof InstanceFailedError,
): void {
  const failures = order.flatMap((instance) => {
    const error = outcomes.get(instance);
    return error ? [{ instance, error }] : [];
  });
  if (failures.length === 0) return;
  const thrown = failures.find(({ error }) => isOwn(error)) ?? failures[0]!;
  for (const { instance, error } of failures) if (error !== thrown.error) events({ kind: 'failed', instance, reason: failureReasonOf(error) });
  throw thrown.error;
}
