import { currentProfile } from '../../deploy/current-profile.ts';
import { formatEvent } from '../../deploy/format-event.ts';
import { findInstance } from '../../deploy/find-instance.ts';
import type { InstanceAction } from '../../live/instance-actions.ts';
import { runInstanceAction } from '../../live/instance-actions.ts';
import type { DeploymentFlags } from '../deployment-options.ts';
import { checkProcessManager, deploymentOf } from '../deployment-options.ts';

/**
 * `procform stop NAME…` and `procform start NAME…`: these instances alone, through their process
 * manager, as `supervisorctl stop` does; the next switch starts a stopped instance again. Every
 * name is checked before anything changes.
 */
export async function stopOrStart(action: Extract<InstanceAction, 'stop' | 'start'>, instances: string[], flags: DeploymentFlags): Promise<void> {
  const deployment = deploymentOf(flags);
  const profile = await currentProfile(deployment);
  checkProcessManager(flags, deployment, profile.manifest.processManager);
  const entries = instances.map((name) => findInstance(profile, name));
  // Stop dependents first, start dependencies first: the order a switch uses.
  const ordered = profile.manifest.startOrder.filter((key) => entries.some((entry) => entry.instance === key));
  for (const instance of action === 'stop' ? ordered.reverse() : ordered) {
    await runInstanceAction(deployment, profile, instance, action, (event) => process.stderr.write(`${formatEvent(event)}\n`));
  }
}
