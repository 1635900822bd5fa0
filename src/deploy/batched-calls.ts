// Starting the instances of a switch with as few calls to the process manager as the dependency
// order allows. The generic start (runInOrder, at most maxConcurrentStarts() at once) makes one call
// per instance, each as soon as its dependencies count as started. A driver whose manager can start
// several with one call (InstanceStarter.startBatch: s6-rc's `s6-rc -u change a b c`) gets them in
// groups instead: the dependency waves of the instances being started (wave 0: no dependency among
// them; wave n: its latest dependency among them is in wave n-1), each cut into groups of at most
// maxConcurrentStarts(), in start order, one group after the other. An instance whose dependency
// failed does not start and fails naming it, as with runInOrder; everything else still starts.
import type { ManifestInstance } from '../build/manifest.ts';
import { notStarted, runInOrder } from './run-in-order.ts';
import type { EventSink, InstanceStarter } from './types.ts';

/** The groups startBatched starts together, in order: instance names by dependency wave, at most `limit` a group, in the order given. */
export function batchGroups(entries: readonly Pick<ManifestInstance, 'instance' | 'dependencies'>[], limit: number): string[][] {
  const byName = new Map(entries.map((entry) => [entry.instance, entry]));
  const waves = new Map<string, number>();
  const waveOf = (name: string, path: ReadonlySet<string>): number => {
    const known = waves.get(name);
    if (known !== undefined) return known;
    // `path` only guards the recursion (the graph is acyclic).
    const within = new Set([...path, name]);
    const dependencies = byName.get(name)!.dependencies.filter((other) => byName.has(other) && !within.has(other));
    const wave = dependencies.length === 0 ? 0 : 1 + Math.max(...dependencies.map((other) => waveOf(other, within)));
    waves.set(name, wave);
    return wave;
  };
  const byWave: string[][] = [];
  for (const entry of entries) (byWave[waveOf(entry.instance, new Set())] ??= []).push(entry.instance);
  const size = Math.max(1, limit);
  return byWave.filter(Boolean).flatMap((wave) => Array.from({ length: Math.ceil(wave.length / size) }, (_, index) => wave.slice(index * size, (index + 1) * size)));
}

/**
 * Starts `entries` (in start order), dependencies first, and resolves with each one's outcome (null
 * for started), as runInOrder does, for throwFirstFailure. Events are per instance: `starting`
 * before its start (for a group: before the one call), `started` or `ready` once it counts.
 */
export async function startBatched(entries: readonly ManifestInstance[], limit: number, events: EventSink, starter: InstanceStarter): Promise<Map<string, Error | null>> {
  const counted = (entry: ManifestInstance) => events({ kind: entry.spec.readiness === null ? 'started' : 'ready', instance: entry.instance });
  const startOne = async (entry: ManifestInstance): Promise<Error | null> => {
    events({ kind: 'starting', instance: entry.instance });
    try {
      await starter.start(entry);
    } catch (error) {
      return error as Error;
    }
    counted(entry);
    return null;
  };
  const { startBatch } = starter;
  if (startBatch === undefined) {
    return runInOrder(
      entries.map((entry) => ({
        key: entry.instance,
        after: entry.dependencies,
        limited: true,
        run: async () => {
          const error = await startOne(entry);
          if (error) throw error;
        },
      })),
      limit,
    );
  }

  const byName = new Map(entries.map((entry) => [entry.instance, entry]));
  const outcomes = new Map<string, Error | null>();
  const startTogether = async (group: readonly ManifestInstance[]) => {
    if (group.length === 0) return;
    for (const entry of group) events({ kind: 'starting', instance: entry.instance });
    const results = await startBatch(group).catch((error: Error) => new Map(group.map((entry) => [entry.instance, error])));
    for (const entry of group) {
      const error = results.has(entry.instance) ? results.get(entry.instance)! : new Error(`instance "${entry.instance}": the process manager did not say whether it started`);
      outcomes.set(entry.instance, error);
      if (error === null) counted(entry);
    }
  };
  for (const names of batchGroups(entries, limit)) {
    const group: ManifestInstance[] = [];
    for (const name of names) {
      const entry = byName.get(name)!;
      const failed = entry.dependencies.find((other) => outcomes.get(other));
      if (failed === undefined) group.push(entry);
      else outcomes.set(name, notStarted(failed));
    }
    const together = group.filter((entry) => starter.batches?.(entry) ?? true);
    const alone = group.filter((entry) => !together.includes(entry));
    await Promise.all([startTogether(together), ...alone.map(async (entry) => outcomes.set(entry.instance, await startOne(entry)))]);
  }
  return new Map(entries.map((entry) => [entry.instance, outcomes.get(entry.instance) ?? null]));
}
