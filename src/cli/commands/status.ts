import { currentProfile } from '../../deploy/current-profile.ts';
import { driverFor } from '../../deploy/driver-for.ts';
import type { InstanceStatus } from '../../deploy/types.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';
import { formatStatusTable } from '../format-status.ts';

export async function status(flags: DirFlags & { json?: boolean }): Promise<void> {
  const profile = await currentProfile(deploymentOf(flags));
  if (profile.unfinished) process.stderr.write('the last switch did not finish (it failed or was interrupted): this is the profile it was deploying; the next switch or down repairs it\n');
  const statuses: InstanceStatus[] = await (await driverFor(profile.manifest.processManager)).status(profile);
  process.stdout.write(flags.json ? `${JSON.stringify(statuses, null, 2)}\n` : formatStatusTable(statuses, profile.manifest.processManager));
}
