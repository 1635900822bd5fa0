import { describe, expect, it } from 'vitest';
import { dependentsWithin, withTransitiveDependents } from '../../src/graph/dependency-graph.ts';

// db ← web ← proxy, db ← worker; cache stands alone.
const graph = new Map([
  ['proxy', ['web']],
  ['web', ['db']],
  ['worker', ['db']],
  ['db', []],
  ['cache', []],
]);

describe('dependentsWithin', () => {
  it("lists each node's direct dependents, ignoring dependencies outside the graph", () => {
    const stopping = new Map([
      ['web', ['db']],
      ['proxy', ['web']],
    ]);
    expect(dependentsWithin(stopping)).toEqual(new Map([
      ['web', ['proxy']],
      ['proxy', []],
    ]));
    expect(dependentsWithin(graph).get('db')).toEqual(['web', 'worker']);
  });
});

describe('withTransitiveDependents', () => {
  it('adds every node that depends on one of the nodes, directly or not, in start order', () => {
    expect(withTransitiveDependents(graph, ['db'])).toEqual(['db', 'web', 'worker', 'proxy']);
    expect(withTransitiveDependents(graph, ['web', 'cache'])).toEqual(['cache', 'web', 'proxy']);
    expect(withTransitiveDependents(graph, ['proxy'])).toEqual(['proxy']);
  });
});
