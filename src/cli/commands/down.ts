import { currentProfile, NothingDeployedError, nothingDeployed } from '../../deploy/current-profile.ts';
import { driverFor } from '../../deploy/driver-for.ts';
import { buildEmptyProfile } from '../../deploy/empty-profile.ts';
import { formatEvent } from '../../deploy/format-event.ts';
import { switchProfile } from '../../deploy/switch-profile.ts';
import type { DeploymentFlags } from '../deployment-options.ts';
import { checkProcessManager, deploymentOf } from '../deployment-options.ts';

/** Undeploys: switches to a profile without instances (a generation, so rollback brings it back), then stops the manager. */
export async function down(flags: DeploymentFlags): Promise<void> {
  const deployment = deploymentOf(flags);
  const current = await currentProfile(deployment).catch((error: unknown) => {
    if (error instanceof NothingDeployedError) return null;
    throw error;
  });
  if (current === null) {
    process.stderr.write(`${nothingDeployed(deployment)}; nothing to stop\n`);
    return;
  }
  checkProcessManager(flags, deployment, current.manifest.processManager);
  const empty = await buildEmptyProfile(current.manifest);
  const outcome = await switchProfile(deployment, empty, (event) => process.stderr.write(`${formatEvent(event)}\n`));
  await (await driverFor(empty.manifest.processManager)).stopManager?.(empty);
  process.stderr.write(`${outcome.plan.stop.length} stopped; state folders are kept\n`);
  // Reported once everything else is done: the instances and the process manager are stopped.
  if (outcome.accountsLeft) throw outcome.accountsLeft;
}
