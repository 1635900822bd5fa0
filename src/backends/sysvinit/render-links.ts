import type { RenderedFile } from '../types.ts';
import type { SysvinitParams } from './params.ts';
import { startStopRunlevels } from './runlevels.ts';
import { formatSequence, killSequence } from './sequence.ts';

/**
 * The rc?.d links of one script: S<NN><name> in its start runlevels, K<NN><name> in the others,
 * relative (../init.d/<name>) so they resolve inside the store entry and, linked from there, in
 * the profile, where every instance's links merge into one rc tree.
 */
export function renderRcLinks(params: SysvinitParams): Record<string, RenderedFile> {
  const { start, stop } = startStopRunlevels(params);
  const target = `../init.d/${params.name}`;
  const links: Record<string, RenderedFile> = {};
  for (const level of start) links[`etc/rc.d/rc${level}.d/S${formatSequence(params.sequence)}${params.name}`] = { kind: 'symlink', target };
  for (const level of stop) links[`etc/rc.d/rc${level}.d/K${formatSequence(killSequence(params.sequence))}${params.name}`] = { kind: 'symlink', target };
  return links;
}
