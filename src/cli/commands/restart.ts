import { currentProfile } from '../../deploy/current-profile.ts';
import { formatEvent } from '../../deploy/format-event.ts';
import { switchProfile } from '../../deploy/switch-profile.ts';
import { UsageError } from '../../errors.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';

/**
 * Stops and starts instances of the current generation again, through the same switch as every
 * change (lock, ordering, readiness): its dependents keep running, as with `systemctl restart`.
 */
export async function restart(instances: string[], flags: DirFlags & { all?: boolean }): Promise<void> {
  const deployment = deploymentOf(flags);
  const profile = await currentProfile(deployment);
  const known = profile.manifest.startOrder;
  if (flags.all ? instances.length > 0 : instances.length === 0) {
    throw new UsageError(flags.all ? 'name instances, or give --all, not both' : 'name the instances to restart, or give --all', { hint: `The instances: ${known.join(', ')}` });
  }
  const unknown = instances.filter((instance) => !known.includes(instance));
  if (unknown.length > 0) {
    throw new UsageError(`the deployment has no instance ${unknown.map((instance) => `"${instance}"`).join(', ')}`, { hint: `Its instances: ${known.join(', ')}` });
  }
  const outcome = await switchProfile(deployment, profile, (event) => process.stderr.write(`${formatEvent(event)}\n`), { restart: flags.all ? known : instances });
  process.stderr.write(`${outcome.plan.start.length} restarted\n`);
}
