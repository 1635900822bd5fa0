// Stable ID assignment, as Dynamic Disnix's dydisnix-id-assign does it for upstream (services
// mode): keep every valid assignment, so that unrelated instances never change (and never
// redeploy); hand out new IDs after the pool's last assignment, so that a freed ID is not reused
// (by a different instance, with someone else's files or firewall rules) until the pool wraps.
import type { Ids } from '../model/types.ts';
import type { IdAssignmentProblem } from './errors.ts';
import { IdAssignmentError } from './errors.ts';
import type { IdPool, IdResources } from './id-resources.ts';

/** The IDs file: assignments per pool, and each pool's last assigned ID (where the next search starts). */
export interface IdsFile {
  ids: Ids;
  lastAssignments: Record<string, number>;
}

export interface AssignIdsInput {
  resources: IdResources;
  /** For every instance of the model, the pools it asks for (its requiresUniqueIdsFor; [] if none). */
  requests: Record<string, readonly string[]>;
  /** The current IDs file; empty when there is none yet. */
  previous: IdsFile;
}

export type DropReason = 'instance removed' | 'pool no longer requested' | 'outside the pool' | 'pool removed' | 'duplicate';

export interface AssignIdsResult {
  file: IdsFile;
  assigned: { pool: string; instance: string; id: number }[];
  dropped: { pool: string; instance: string; id: number; reason: DropReason }[];
}

/** Byte order, as dydisnix iterates its (Nix attribute set) instances: independent of locale. */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Assigns IDs to every instance that asks for a pool and has none; pure, so the same input always gives the same file. */
export function assignIds(input: AssignIdsInput): AssignIdsResult {
  const { resources, requests, previous } = input;
  const instances = Object.keys(requests).sort(byName);
  const unknown: IdAssignmentProblem[] = [];
  for (const instance of instances) {
    for (const pool of new Set(requests[instance])) {
      if (resources[pool] === undefined) {
        unknown.push({ instance, pool, message: 'is requested in requiresUniqueIdsFor but is not defined in the ID resources' });
      }
    }
  }
  if (unknown.length > 0) {
    throw new IdAssignmentError(unknown, { hint: `Define the pool in idresources (for example ${unknown[0]!.pool}: { min: 5000, max: 6000 }), or fix its name.` });
  }

  const result: AssignIdsResult = { file: { ids: {}, lastAssignments: {} }, assigned: [], dropped: [] };
  for (const [pool, ids] of Object.entries(previous.ids)) {
    if (resources[pool] === undefined) {
      for (const [instance, id] of Object.entries(ids)) result.dropped.push({ pool, instance, id, reason: 'pool removed' });
    }
  }
  const exhausted: IdAssignmentProblem[] = [];
  for (const pool of Object.keys(resources).sort(byName)) {
    const range = resources[pool]!;
    const asking = instances.filter((instance) => requests[instance]!.includes(pool));
    const kept = keepValid(pool, range, previous.ids[pool] ?? {}, requests, result);
    // Upstream keeps a last assignment that a narrowed pool no longer holds, and then hands out IDs
    // below min; we start again from min instead.
    const last = previous.lastAssignments[pool];
    const next = assignPool(pool, range, kept, asking, last !== undefined && inRange(range, last) ? last : undefined, result);
    result.file.ids[pool] = Object.fromEntries(Object.entries(kept).sort(([a], [b]) => byName(a, b)));
    if (next.last !== undefined) result.file.lastAssignments[pool] = next.last;
    if (next.without.length > 0) {
      exhausted.push({
        pool,
        message: `is exhausted: all ${range.max - range.min + 1} IDs from ${range.min} to ${range.max} are in use; still without one: ${next.without.join(', ')}`,
      });
    }
  }
  if (exhausted.length > 0) {
    throw new IdAssignmentError(exhausted, { hint: 'Widen the pool (raise max or lower min) in idresources, or remove instances that use it.' });
  }
  return result;
}

/** The previous assignments still valid: the instance exists, still asks for the pool, and its ID lies in the pool and is its own. */
function keepValid(
  pool: string,
  range: IdPool,
  previous: Record<string, number>,
  requests: AssignIdsInput['requests'],
  result: AssignIdsResult,
): Record<string, number> {
  const kept: Record<string, number> = {};
  const used = new Set<number>();
  for (const [instance, id] of Object.entries(previous).sort(([a], [b]) => byName(a, b))) {
    const reason: DropReason | undefined =
      requests[instance] === undefined
        ? 'instance removed'
        : !requests[instance].includes(pool)
          ? 'pool no longer requested'
          : !inRange(range, id)
            ? 'outside the pool'
            : used.has(id)
              ? 'duplicate' // An edited file gave two instances one ID; the first by name keeps it.
              : undefined;
    if (reason !== undefined) {
      result.dropped.push({ pool, instance, id, reason });
      continue;
    }
    kept[instance] = id;
    used.add(id);
  }
  return kept;
}

/**
 * Gives every asking instance without an ID the next free one after the last assignment, wrapping
 * from max to min. Returns the new last assignment and the instances left without an ID.
 */
function assignPool(
  pool: string,
  range: IdPool,
  kept: Record<string, number>,
  asking: string[],
  previousLast: number | undefined,
  result: AssignIdsResult,
): { last: number | undefined; without: string[] } {
  const used = new Set(Object.values(kept));
  const size = range.max - range.min + 1;
  let last = previousLast;
  const without: string[] = [];
  for (const instance of asking) {
    if (kept[instance] !== undefined) continue;
    if (used.size >= size) {
      without.push(instance);
      continue;
    }
    let candidate = last === undefined ? range.min : following(range, last);
    while (used.has(candidate)) candidate = following(range, candidate);
    kept[instance] = candidate;
    used.add(candidate);
    last = candidate;
    result.assigned.push({ pool, instance, id: candidate });
  }
  return { last, without };
}

function following(range: IdPool, id: number): number {
  return id >= range.max ? range.min : id + 1;
}

function inRange(range: IdPool, id: number): boolean {
  return id >= range.min && id <= range.max;
}
