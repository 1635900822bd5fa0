import type { Deployment } from '../deploy/deployment.ts';
import { driverFor } from '../deploy/driver-for.ts';
import { findInstance } from '../deploy/find-instance.ts';
import { switchProfile } from '../deploy/switch-profile.ts';
import type { DeployedProfile, EventSink } from '../deploy/types.ts';
import { ProcformError } from '../errors.ts';
import { acquireLock } from '../fs/lock-file.ts';

export type InstanceAction = 'restart' | 'stop' | 'start';

export const INSTANCE_ACTIONS: readonly InstanceAction[] = ['restart', 'stop', 'start'];

/**
 * What `procform top`'s keys and the dashboard's buttons do to one instance. Restart is
 * `procform restart NAME` (a switch to the current profile, under the deployment's lock); stop and
 * start go to the process manager for that instance alone, under the same lock, so that they never
 * interleave with a switch.
 */
export async function runInstanceAction(deployment: Deployment, profile: DeployedProfile, instance: string, action: InstanceAction, events: EventSink): Promise<void> {
  const entry = findInstance(profile, instance);
  if (action === 'restart') {
    await switchProfile(deployment, profile, events, { restart: [entry.instance] });
    return;
  }
  const driver = await driverFor(profile.manifest.processManager);
  if (!driver.control) {
    throw new ProcformError(`${profile.manifest.processManager} cannot ${action} one instance alone through procform`, {
      hint: 'Restart it instead, or use the process manager\'s own tools.',
    });
  }
  const release = await acquireLock(deployment.lockPath);
  try {
    await driver.control(profile, [entry], action, events);
  } finally {
    await release();
  }
}
