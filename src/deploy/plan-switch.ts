// What a switch from one profile to another does, as data. Pure: printed by --dry-run, unit-tested,
// and carried out by a driver. An instance is unchanged exactly when its store path is.
import type { Manifest, ManifestInstance } from '../build/manifest.ts';
import type { SwitchPlan } from './types.ts';

/**
 * Plans a switch from `old` (the current generation, or null) to `next`.
 *
 * `interrupted` is the target of a switch that was killed half-way: the system may then run either
 * version of every instance that differs between `old` and `interrupted`. Such instances count as
 * changed, so this switch stops them (stopping what does not run is a no-op) and starts them again
 * if `next` has them: the repair needs no knowledge of how far the killed switch got.
 */
export function planSwitch(old: Manifest | null, next: Manifest, interrupted: Manifest | null = null): SwitchPlan {
  const previous = old?.instances ?? {};
  const uncertain = interrupted?.instances ?? {};
  const runningVersion = (instance: string): string | undefined => {
    const before = previous[instance]?.storePath;
    if (interrupted === null) return before;
    return before !== undefined && before === uncertain[instance]?.storePath ? before : undefined;
  };

  const keep: ManifestInstance[] = [];
  const start: ManifestInstance[] = [];
  for (const instance of next.startOrder) {
    const entry = next.instances[instance]!;
    (runningVersion(instance) === entry.storePath ? keep : start).push(entry);
  }
  const kept = new Set(keep.map((entry) => entry.instance));

  // Stop in reverse start order: the old profile's order, with the interrupted one's extra instances.
  const stopOrder = [...new Set([...(old?.startOrder ?? []), ...(interrupted?.startOrder ?? [])])].reverse();
  const stop: ManifestInstance[] = [];
  for (const instance of stopOrder) {
    if (kept.has(instance)) continue;
    const before = previous[instance];
    const maybe = uncertain[instance];
    if (before) stop.push(before);
    if (maybe && maybe.storePath !== before?.storePath) stop.push(maybe);
  }
  return { stop, start, keep };
}

/** Whether a plan changes anything at all. */
export function isEmptyPlan(plan: SwitchPlan): boolean {
  return plan.stop.length === 0 && plan.start.length === 0;
}

/**
 * The plan with these instances stopped and started again although they did not change
 * (`procform restart`): stops in reverse start order after the plan's own, starts in start order.
 */
export function withRestarts(plan: SwitchPlan, next: Manifest, instances: readonly string[]): SwitchPlan {
  const again = new Set(instances);
  const restarted = plan.keep.filter((entry) => again.has(entry.instance));
  if (restarted.length === 0) return plan;
  const starting = new Set([...plan.start, ...restarted].map((entry) => entry.instance));
  return {
    stop: [...plan.stop, ...[...restarted].reverse()],
    start: next.startOrder.filter((instance) => starting.has(instance)).map((instance) => next.instances[instance]!),
    keep: plan.keep.filter((entry) => !again.has(entry.instance)),
    restart: restarted.map((entry) => entry.instance),
  };
}
