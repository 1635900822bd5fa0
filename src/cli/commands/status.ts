import { currentProfile, NothingDeployedError, nothingDeployed } from '../../deploy/current-profile.ts';
import { driverFor } from '../../deploy/driver-for.ts';
import { isAsDeployed, NOT_AS_DEPLOYED_EXIT_CODE } from '../../deploy/wanted-state.ts';
import { ProcformError } from '../../errors.ts';
import type { InstanceStatus } from '../../deploy/types.ts';
import type { DeploymentFlags } from '../deployment-options.ts';
import { checkProcessManager, deploymentOf } from '../deployment-options.ts';
import { formatStatusTable } from '../format-status.ts';

/**
 * Prints every instance's state; nothing deployed (never, or since `down`) is said on stderr, with an
 * empty table. Exits 3 when an instance is not in the state the deployment wants, and says which.
 */
export async function status(flags: DeploymentFlags & { json?: boolean }): Promise<void> {
  const deployment = deploymentOf(flags);
  const profile = await currentProfile(deployment).catch((error: unknown) => {
    if (error instanceof NothingDeployedError) return null;
    throw error;
  });
  if (profile !== null) checkProcessManager(flags, deployment, profile.manifest.processManager);
  if (profile === null || Object.keys(profile.manifest.instances).length === 0) {
    process.stderr.write(`${nothingDeployed(deployment)}\n`);
    if (flags.json) process.stdout.write('[]\n');
    return;
  }
  if (profile.unfinished) process.stderr.write('the last switch did not finish (it failed or was interrupted): this is the profile it was deploying; the next switch or down repairs it\n');
  const statuses: InstanceStatus[] = await (await driverFor(profile.manifest.processManager)).status(profile);
  process.stdout.write(flags.json ? `${JSON.stringify(statuses, null, 2)}\n` : formatStatusTable(statuses, profile.manifest.processManager));
  const off = statuses.filter((status) => !isAsDeployed(status, profile.manifest.instances[status.instance]));
  if (off.length > 0) {
    throw new ProcformError(`not as deployed: ${off.map((status) => `${status.instance} is ${status.state}`).join(', ')}`, {
      hint: `See why: procform logs ${off[0]!.instance}; \`procform switch\` or \`procform restart\` starts what should run.`,
      processExitCode: NOT_AS_DEPLOYED_EXIT_CODE,
    });
  }
}
