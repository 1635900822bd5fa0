// The apply of drivers that start and stop each instance themselves (sysvinit, disnix, openrc):
// stop what the plan stops, each after every instance that depends on it, the rest at once; then
// start the new profile in dependency order, each once its dependencies are started (and ready:
// a backend's start returns only then), with at most maxConcurrentStarts() at a time. A stage's
// first own failure is thrown once the stage is over; the others are reported as events.
import type { Manifest, ManifestInstance } from '../build/manifest.ts';
import { dependentsWithin } from '../graph/dependency-graph.ts';
import { maxConcurrentStarts } from './max-concurrent-starts.ts';
import { runInOrder } from './run-in-order.ts';
import { throwFirstFailure } from './throw-first-failure.ts';
import type { EventSink, SwitchPlan } from './types.ts';

export interface StopThenStart {
  stop(entry: ManifestInstance): Promise<void>;
  /** Runs once everything is stopped, before anything starts. */
  afterStop?(): Promise<void>;
  /**
   * Whether to start an instance of the new profile: `changed` ones (new, changed, restarted)
   * usually, a kept one only when it is not running (it crashed for good, or never started here).
   */
  shouldStart(entry: ManifestInstance, changed: boolean): Promise<boolean>;
  /** Starts it; returns once it is ready. */
  start(entry: ManifestInstance): Promise<void>;
  /** A failure that is the instance's own (its script or command failed), shown first. */
  isOwnFailure(error: Error): boolean;
}

export async function stopThenStart(plan: SwitchPlan, manifest: Manifest, events: EventSink, driver: StopThenStart): Promise<void> {
  const dependents = dependentsWithin(new Map(plan.stop.map((entry) => [entry.instance, entry.dependencies])));
  const stopped = await runInOrder(
    plan.stop.map((entry) => ({
      key: entry.instance,
      after: dependents.get(entry.instance)!,
      limited: false,
      run: async () => {
        events({ kind: 'stopping', instance: entry.instance });
        await driver.stop(entry);
        events({ kind: 'stopped', instance: entry.instance });
      },
    })),
    Number.MAX_SAFE_INTEGER,
  );
  throwFirstFailure(plan.stop.map((entry) => entry.instance), stopped, events, driver.isOwnFailure);
  await driver.afterStop?.();

  const changed = new Set(plan.start.map((entry) => entry.instance));
  const start = async (entry: ManifestInstance) => {
    if (!(await driver.shouldStart(entry, changed.has(entry.instance)))) return;
    events({ kind: 'starting', instance: entry.instance });
    await driver.start(entry);
    events({ kind: entry.spec.readiness === null ? 'started' : 'ready', instance: entry.instance });
  };
  const started = await runInOrder(
    manifest.startOrder.map((instance) => {
      const entry = manifest.instances[instance]!;
      return { key: instance, after: entry.dependencies, limited: true, run: () => start(entry) };
    }),
    maxConcurrentStarts(),
  );
  throwFirstFailure(manifest.startOrder, started, events, driver.isOwnFailure);
}
