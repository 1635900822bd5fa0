/** Where the dependency graph's picture puts an instance: its layer (column) and place in it (row). */
export interface PlacedNode {
  instance: string;
  layer: number;
  row: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  /** From a dependent to what it depends on. */
  edges: { from: string; to: string }[];
  layers: number;
  rows: number;
}

/**
 * A layered drawing of the dependency graph (the simple Sugiyama idea): an instance without
 * dependencies is in layer 0, any other one layer right of its furthest dependency, so every arrow
 * points left; within a layer instances are ordered by the mean row of their dependencies (fewer
 * crossings), then by start order, so the same deployment is always drawn the same way.
 */
export function layOutGraph(startOrder: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): GraphLayout {
  const known = new Set(startOrder);
  const depsOf = (instance: string) => (dependencies.get(instance) ?? []).filter((dependency) => known.has(dependency) && dependency !== instance);
  const layerOf = new Map<string, number>();
  // Start order lists dependencies first: one pass gives every layer.
  for (const instance of startOrder) layerOf.set(instance, Math.max(-1, ...depsOf(instance).map((dependency) => layerOf.get(dependency) ?? 0)) + 1);
  const layers: string[][] = [];
  for (const instance of startOrder) (layers[layerOf.get(instance)!] ??= []).push(instance);
  const rowOf = new Map<string, number>();
  for (const layer of layers) {
    const order = new Map(layer.map((instance, index) => [instance, index]));
    const weight = (instance: string) => {
      const rows = depsOf(instance).map((dependency) => rowOf.get(dependency)!);
      return rows.length === 0 ? order.get(instance)! : rows.reduce((sum, row) => sum + row, 0) / rows.length;
    };
    layer.sort((a, b) => weight(a) - weight(b) || order.get(a)! - order.get(b)!);
    layer.forEach((instance, index) => rowOf.set(instance, index));
  }
  return {
    nodes: startOrder.map((instance) => ({ instance, layer: layerOf.get(instance)!, row: rowOf.get(instance)! })),
    edges: startOrder.flatMap((instance) => depsOf(instance).map((dependency) => ({ from: instance, to: dependency }))),
    layers: layers.length,
    rows: Math.max(0, ...layers.map((layer) => layer.length)),
  };
}
