import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ProcformError } from '../../errors.ts';
import { resolveDeploymentDirs } from '../../model/deployment-dirs.ts';
import { networkGenerations } from '../../network/deploy-network.ts';
import { loadNetwork } from '../../network/load-network.ts';
import { currentNetworkGeneration, readNetworkGeneration } from '../../network/network-record.ts';
import type { PictureService } from '../../network/render-dot.ts';
import { renderDot } from '../../network/render-dot.ts';
import type { DirFlags } from '../deployment-options.ts';
import { dirOptions } from '../deployment-options.ts';

interface VisualizeFlags extends DirFlags {
  services?: string;
  infrastructure: string;
  distribution: string;
  svg?: boolean;
}

/** Prints the deployment architecture as DOT (or SVG): of the models when -s is given, else of what was deployed last. */
export async function visualize(flags: VisualizeFlags): Promise<void> {
  let services: PictureService[];
  let hosts: Record<string, string>;
  if (flags.services !== undefined) {
    const network = await loadNetwork({ services: resolve(flags.services), infrastructure: resolve(flags.infrastructure), distribution: resolve(flags.distribution) });
    services = network.placed.map((entry) => ({ ...entry, dependsOn: Object.values(entry.dependsOn) }));
    hosts = Object.fromEntries(Object.entries(network.machines).map(([name, machine]) => [name, machine.host]));
  } else {
    const name = flags.profile === undefined || flags.profile === 'processes' ? 'default' : flags.profile;
    const generations = networkGenerations(resolveDeploymentDirs(dirOptions(flags)), name);
    const number = await currentNetworkGeneration(generations);
    if (number === undefined) throw new ProcformError(`nothing is deployed by the network deployment "${name}"`, { hint: 'Give the models (-s, -i, -d) to draw what they describe.' });
    const record = await readNetworkGeneration(generations, number);
    services = record.services;
    hosts = Object.fromEntries(Object.entries(record.machines).map(([machine, { host }]) => [machine, host]));
  }
  const dot = renderDot(services, hosts);
  if (!flags.svg) {
    process.stdout.write(dot);
    return;
  }
  const rendered = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
  if (rendered.error) throw new ProcformError('cannot run Graphviz\'s dot to make the SVG', { hint: 'Install it (apt-get install graphviz), or print DOT without --svg.', cause: rendered.error });
  if (rendered.status !== 0) throw new ProcformError(`dot failed: ${rendered.stderr.trim()}`);
  process.stdout.write(rendered.stdout);
}
