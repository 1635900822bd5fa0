import type { GraphLayout } from './graph-layout.ts';

const nodeWidth = 150;
const nodeHeight = 36;
const columnGap = 70;
const rowGap = 18;
const margin = 12;

/**
 * The dependency graph as an SVG picture: a box per instance (its `data-instance` and a `state-…`
 * class let the page colour it live), an arrow from each dependent to what it depends on.
 */
export function graphSvg(layout: GraphLayout): string {
  const x = (layer: number) => margin + layer * (nodeWidth + columnGap);
  const y = (row: number) => margin + row * (nodeHeight + rowGap);
  const width = margin * 2 + Math.max(1, layout.layers) * nodeWidth + Math.max(0, layout.layers - 1) * columnGap;
  const height = margin * 2 + Math.max(1, layout.rows) * nodeHeight + Math.max(0, layout.rows - 1) * rowGap;
  const place = new Map(layout.nodes.map((node) => [node.instance, node]));
  const edges = layout.edges.map(({ from, to }) => {
    const start = place.get(from)!;
    const end = place.get(to)!;
    const x1 = x(start.layer);
    const y1 = y(start.row) + nodeHeight / 2;
    const x2 = x(end.layer) + nodeWidth;
    const y2 = y(end.row) + nodeHeight / 2;
    const middle = (x1 + x2) / 2;
    return `<path class="edge" data-from="${escapeXml(from)}" data-to="${escapeXml(to)}" d="M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}" marker-end="url(#arrow)"/>`;
  });
  const nodes = layout.nodes.map((node) => {
    const label = node.instance.length > 18 ? `${node.instance.slice(0, 17)}…` : node.instance;
    return (
      `<g class="node state-unknown" data-instance="${escapeXml(node.instance)}" transform="translate(${x(node.layer)},${y(node.row)})">` +
      `<title>${escapeXml(node.instance)}</title><rect width="${nodeWidth}" height="${nodeHeight}" rx="6"/>` +
      `<text x="${nodeWidth / 2}" y="${nodeHeight / 2}" dominant-baseline="middle" text-anchor="middle">${escapeXml(label)}</text></g>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="dependency graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...edges,
    ...nodes,
    '</svg>',
  ].join('\n');
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
