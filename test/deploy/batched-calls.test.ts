// The grouping of starts a driver with a batch start gets (src/deploy/batched-calls.ts): dependency
// waves, at most the limit a group, one call a group; outcomes and events per instance.
import { describe, expect, it } from 'vitest';
import type { ManifestInstance } from '../../src/build/manifest.ts';
import { batchGroups, startBatched } from '../../src/deploy/batched-calls.ts';
import type { DeployEvent } from '../../src/deploy/types.ts';

/** What startBatched reads of an instance: its name, dependencies and whether it has a readiness check. */
const instance = (name: string, dependencies: string[] = []): ManifestInstance => ({ instance: name, name, dependencies, spec: { readiness: null } }) as unknown as ManifestInstance;

describe('batchGroups', () => {
  it('groups by dependency wave among the instances started, in the order given, at most the limit a group', () => {
    const entries = [instance('db'), instance('cache'), instance('api', ['db', 'cache']), instance('worker', ['db', 'kept']), instance('web', ['api']), instance('a'), instance('b')];
    expect(batchGroups(entries, 100)).toEqual([['db', 'cache', 'a', 'b'], ['api', 'worker'], ['web']]);
    expect(batchGroups(entries, 3)).toEqual([['db', 'cache', 'a'], ['b'], ['api', 'worker'], ['web']]);
    // A dependent listed before its dependency still comes in a later wave.
    expect(batchGroups([instance('web', ['db']), instance('db')], 10)).toEqual([['db'], ['web']]);
  });
});

describe('startBatched', () => {
  it('calls startBatch once a group, starts the others alone, and reports each instance', async () => {
    const calls: string[][] = [];
    const alone: string[] = [];
    const events: DeployEvent[] = [];
    const entries = [instance('db'), instance('changed'), instance('a'), instance('b'), instance('web', ['db', 'changed']), instance('c', ['a'])];
    const outcomes = await startBatched(entries, 10, (event) => events.push(event), {
      batches: (entry) => entry.instance !== 'changed',
      startBatch: async (batch) => {
        calls.push(batch.map((entry) => entry.instance));
        return new Map(batch.map((entry) => [entry.instance, entry.instance === 'a' ? new Error('a failed') : null]));
      },
      start: async (entry) => {
        alone.push(entry.instance);
      },
    });
    expect(calls).toEqual([['db', 'a', 'b'], ['web']]);
    expect(alone).toEqual(['changed']);
    expect(Object.fromEntries([...outcomes].map(([name, error]) => [name, error?.message ?? null]))).toEqual({
      db: null,
      changed: null,
      a: 'a failed',
      b: null,
      web: null,
      c: 'not started: its dependency "a" failed',
    });
    const of = (name: string) => events.filter((event) => 'instance' in event && event.instance === name).map((event) => event.kind);
    expect(of('db')).toEqual(['starting', 'started']);
    expect(of('a')).toEqual(['starting']);
    expect(of('c')).toEqual([]);
    // A group's members all show as starting before any of them counts.
    expect(events.slice(0, 4).map((event) => event.kind)).toEqual(['starting', 'starting', 'starting', 'starting']);
  });

  it('starts each instance alone, as runInOrder, when the driver has no batch start', async () => {
    const started: string[] = [];
    const outcomes = await startBatched([instance('web', ['db']), instance('db')], 4, () => {}, {
      start: async (entry) => {
        started.push(entry.instance);
      },
    });
    expect(started).toEqual(['db', 'web']);
    expect([...outcomes.values()]).toEqual([null, null]);
  });
});
