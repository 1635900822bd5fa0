import { resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { resolveDeploymentDirs } from '../../model/deployment-dirs.ts';
import type { BuildOn } from '../../network/deploy-network.ts';
import { deployNetwork, networkGenerations, rollbackNetwork } from '../../network/deploy-network.ts';
import { listNetworkGenerations } from '../../network/network-record.ts';
import type { NetworkStep } from '../../network/plan-network.ts';
import type { DirFlags } from '../deployment-options.ts';
import { dirOptions } from '../deployment-options.ts';

interface DeployFlags extends DirFlags {
  services: string;
  infrastructure: string;
  distribution: string;
  dryRun?: boolean;
  rollback?: boolean;
  to?: string;
  listGenerations?: boolean;
  buildOn: string;
}

/** The coordinator's side of a network deployment; its generations live in the coordinator's state folder. */
export async function deploy(flags: DeployFlags): Promise<void> {
  // The coordinator's profile name for the network: -p, whose default names a machine's processes.
  const name = flags.profile === undefined || flags.profile === 'processes' ? 'default' : flags.profile;
  const generations = networkGenerations(resolveDeploymentDirs(dirOptions(flags)), name);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (flags.listGenerations) {
    for (const { number, current } of await listNetworkGenerations(generations)) process.stdout.write(`${number}${current ? ' (current)' : ''}\n`);
    return;
  }
  if (flags.to !== undefined && !flags.rollback) throw new UsageError('--to goes with --rollback');
  if (flags.buildOn !== 'coordinator' && flags.buildOn !== 'target') throw new UsageError(`--build-on must be coordinator or target, not "${flags.buildOn}"`);
  const buildOn: BuildOn = flags.buildOn;
  if (flags.rollback) {
    const to = flags.to === undefined ? undefined : Number(flags.to);
    if (to !== undefined && !Number.isInteger(to)) throw new UsageError(`--to must be a generation number, not "${flags.to}"`);
    const outcome = await rollbackNetwork(generations, { ...(to !== undefined && { to }), buildOn, log });
    log(`rolled back to generation ${outcome.generation}: ${summary(outcome.steps)}`);
    return;
  }
  const outcome = await deployNetwork(
    { services: resolve(flags.services), infrastructure: resolve(flags.infrastructure), distribution: resolve(flags.distribution) },
    generations,
    { ...(flags.dryRun && { dryRun: true }), buildOn, log },
  );
  if (flags.dryRun) {
    for (const step of outcome.steps) process.stdout.write(`${step.action} ${step.service.key} on ${step.service.machine} (${step.service.container.name})\n`);
    return;
  }
  log(outcome.generation === undefined ? 'the network already runs this configuration: nothing to do' : `generation ${outcome.generation}: ${summary(outcome.steps)}`);
}

function summary(steps: readonly NetworkStep[]): string {
  const count = (action: NetworkStep['action']) => steps.filter((step) => step.action === action).length;
  return `${count('activate')} activated, ${count('deactivate')} deactivated`;
}
