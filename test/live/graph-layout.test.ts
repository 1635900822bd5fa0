// The dependency graph's layered layout and its SVG: pure, checked on shapes with known answers.
import { describe, expect, it } from 'vitest';
import { layOutGraph } from '../../src/dashboard/graph-layout.ts';
import { graphSvg } from '../../src/dashboard/graph-svg.ts';

describe('the dependency graph picture', () => {
  it('puts each instance one layer right of its furthest dependency, ordered to avoid crossings', () => {
    // db ← api ← web, db ← worker; cache ← web.
    const layout = layOutGraph(['cache', 'db', 'api', 'worker', 'web'], new Map([['api', ['db']], ['worker', ['db']], ['web', ['api', 'cache']]]));
    const at = Object.fromEntries(layout.nodes.map((node) => [node.instance, [node.layer, node.row]]));
    expect(at).toEqual({ cache: [0, 0], db: [0, 1], api: [1, 0], worker: [1, 1], web: [2, 0] });
    expect(layout).toMatchObject({ layers: 3, rows: 2 });
    expect(layout.edges).toEqual([{ from: 'api', to: 'db' }, { from: 'worker', to: 'db' }, { from: 'web', to: 'api' }, { from: 'web', to: 'cache' }]);
  });

  it('orders a layer by where its dependencies are', () => {
    // b2 depends on a1 (row 1), b1 on a0 (row 0): b1 comes first whatever the start order says.
    const layout = layOutGraph(['a0', 'a1', 'b2', 'b1'], new Map([['b2', ['a1']], ['b1', ['a0']]]));
    expect(layout.nodes.filter((node) => node.layer === 1).sort((x, y) => x.row - y.row).map((node) => node.instance)).toEqual(['b1', 'b2']);
  });

  it('draws a box per instance and an arrow per dependency, with names escaped', () => {
    const svg = graphSvg(layOutGraph(['<db>', 'app&co'], new Map([['app&co', ['<db>']]])));
    expect(svg).toContain('data-instance="&lt;db&gt;"');
    expect(svg).toContain('>app&amp;co</text>');
    expect(svg.match(/<path class="edge"/g)).toHaveLength(1);
    expect(svg).not.toMatch(/<db>/);
  });

  it('draws an empty deployment as an empty picture', () => {
    expect(graphSvg(layOutGraph([], new Map()))).toMatch(/^<svg[^>]*width="\d+"/);
  });
});
