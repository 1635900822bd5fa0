// Ordering of instances by their dependencies. Pure functions over names, shared by validation
// (cycles), backends (sequence numbers, priorities) and deployment (start and stop order).

export type DependencyMap = ReadonlyMap<string, readonly string[]>;

/** The first dependency cycle found, as a path that ends where it starts, or undefined. */
export function findCycle(graph: DependencyMap): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const dependency of graph.get(node) ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * Dependencies before dependents; among nodes that are free at the same time, alphabetical order,
 * so the result is the same on every run. The graph must be acyclic (check with findCycle first).
 */
export function startOrder(graph: DependencyMap): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = new Set([...graph.keys()].sort());
  while (remaining.size > 0) {
    const ready = [...remaining].filter((node) => (graph.get(node) ?? []).every((dependency) => placed.has(dependency) || !graph.has(dependency)));
    if (ready.length === 0) throw new Error(`dependency cycle among: ${[...remaining].join(', ')}`);
    for (const node of ready) {
      order.push(node);
      placed.add(node);
      remaining.delete(node);
    }
  }
  return order;
}

/** Depth of each node: 0 without dependencies, else one more than its deepest dependency. */
export function dependencyDepths(graph: DependencyMap): Map<string, number> {
  const depths = new Map<string, number>();
  for (const node of startOrder(graph)) {
    const dependencies = (graph.get(node) ?? []).filter((dependency) => depths.has(dependency));
    depths.set(node, dependencies.length === 0 ? 0 : Math.max(...dependencies.map((dependency) => depths.get(dependency)!)) + 1);
  }
  return depths;
}

/**
 * Each node's dependents within the graph (for stopping in reverse dependency order: a node stops
 * once they have). Dependencies outside the graph keep running and do not count.
 */
export function dependentsWithin(graph: DependencyMap): Map<string, string[]> {
  const dependents = new Map<string, string[]>([...graph.keys()].map((node) => [node, []]));
  for (const [node, dependencies] of graph) {
    for (const dependency of dependencies) dependents.get(dependency)?.push(node);
  }
  return dependents;
}

/** The nodes and every node that depends on one of them, directly or not, in start order. */
export function withTransitiveDependents(graph: DependencyMap, nodes: readonly string[]): string[] {
  const chosen = new Set(nodes);
  const order = startOrder(graph);
  // Dependencies come first: one pass reaches every transitive dependent.
  for (const node of order) {
    if ((graph.get(node) ?? []).some((dependency) => chosen.has(dependency))) chosen.add(node);
  }
  return order.filter((node) => chosen.has(node));
}
