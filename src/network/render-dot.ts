// The deployment architecture as a picture (disnix-visualize): machines as boxes, the containers
// inside them, the services inside those, and an arrow from each service to each it depends on.
import type { Container } from '../model/types.ts';

export interface PictureService {
  key: string;
  machine: string;
  container: Container;
  dependsOn: readonly string[];
}

/** Graphviz DOT text, the same for the same deployment (sorted). */
export function renderDot(services: readonly PictureService[], machineHosts: Readonly<Record<string, string>>): string {
  const lines = ['digraph deployment {', '  rankdir=LR;', '  compound=true;', '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="sans-serif"];', '  graph [fontname="sans-serif"];', ''];
  const machines = [...new Set([...Object.keys(machineHosts), ...services.map((service) => service.machine)])].sort();
  for (const [machineIndex, machine] of machines.entries()) {
    lines.push(`  subgraph cluster_${machineIndex} {`, `    label=${quote(machineHosts[machine] ? `${machine} (${machineHosts[machine]})` : machine)};`, '    style=filled; fillcolor="#eeeeee";');
    const here = services.filter((service) => service.machine === machine);
    const containers = [...new Set(here.map((service) => service.container.name))].sort();
    for (const [containerIndex, container] of containers.entries()) {
      lines.push(`    subgraph cluster_${machineIndex}_${containerIndex} {`, `      label=${quote(container)};`, '      style=filled; fillcolor="#dde8f5";');
      for (const service of here.filter((entry) => entry.container.name === container).sort((a, b) => a.key.localeCompare(b.key))) {
        lines.push(`      ${quote(service.key)};`);
      }
      lines.push('    }');
    }
    if (here.length === 0) lines.push(`    ${quote(`${machine}:empty`)} [label="", shape=point, style=invis];`);
    lines.push('  }');
  }
  lines.push('');
  for (const service of [...services].sort((a, b) => a.key.localeCompare(b.key))) {
    for (const dependency of [...service.dependsOn].sort()) lines.push(`  ${quote(service.key)} -> ${quote(dependency)};`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
