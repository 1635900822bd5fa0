import { currentProfile, NothingDeployedError, nothingDeployed } from '../../deploy/current-profile.ts';
import { driverFor } from '../../deploy/driver-for.ts';
import type { InstanceStatus } from '../../deploy/types.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';
import { formatStatusTable } from '../format-status.ts';

/** Prints every instance's state; nothing deployed (never, or since `down`) is said on stderr, with an empty table. */
export async function status(flags: DirFlags & { json?: boolean }): Promise<void> {
  const deployment = deploymentOf(flags);
  const profile = await currentProfile(deployment).catch((error: unknown) => {
    if (error instanceof NothingDeployedError) return null;
    throw error;
  });
  if (profile === null || Object.keys(profile.manifest.instances).length === 0) {
    process.stderr.write(`${nothingDeployed(deployment)}\n`);
    if (flags.json) process.stdout.write('[]\n');
    return;
  }
  if (profile.unfinished) process.stderr.write('the last switch did not finish (it failed or was interrupted): this is the profile it was deploying; the next switch or down repairs it\n');
  const statuses: InstanceStatus[] = await (await driverFor(profile.manifest.processManager)).status(profile);
  process.stdout.write(flags.json ? `${JSON.stringify(statuses, null, 2)}\n` : formatStatusTable(statuses, profile.manifest.processManager));
}
