import { currentProfile } from '../../deploy/current-profile.ts';
import { unknownInstances } from '../../deploy/find-instance.ts';
import { formatEvent } from '../../deploy/format-event.ts';
import { switchProfile } from '../../deploy/switch-profile.ts';
import { UsageError } from '../../errors.ts';
import { withTransitiveDependents } from '../../graph/dependency-graph.ts';
import type { DeploymentFlags } from '../deployment-options.ts';
import { checkProcessManager, deploymentOf } from '../deployment-options.ts';

/**
 * Stops and starts instances of the current generation again, through the same switch as every
 * change (lock, ordering, readiness). Their dependents keep running, as with `systemctl restart`,
 * unless `withDependents` asks for the cascade (the instances that need them, transitively).
 */
export async function restart(instances: string[], flags: DeploymentFlags & { all?: boolean; withDependents?: boolean }): Promise<void> {
  const deployment = deploymentOf(flags);
  const profile = await currentProfile(deployment);
  checkProcessManager(flags, deployment, profile.manifest.processManager);
  const known = profile.manifest.startOrder;
  if (flags.all ? instances.length > 0 : instances.length === 0) {
    throw new UsageError(flags.all ? 'name instances, or give --all, not both' : 'name the instances to restart, or give --all', { hint: `The instances: ${known.join(', ')}` });
  }
  const unknown = instances.filter((instance) => !known.includes(instance));
  if (unknown.length > 0) throw unknownInstances(profile, unknown);
  const named = flags.all ? known : instances;
  const graph = new Map(Object.values(profile.manifest.instances).map((entry) => [entry.instance, entry.dependencies]));
  const restarting = flags.withDependents ? withTransitiveDependents(graph, named) : named;
  const outcome = await switchProfile(deployment, profile, (event) => process.stderr.write(`${formatEvent(event)}\n`), { restart: restarting });
  process.stderr.write(`${outcome.plan.start.length} restarted\n`);
  if (outcome.accountsLeft) throw outcome.accountsLeft;
}
