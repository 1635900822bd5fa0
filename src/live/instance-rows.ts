import { driverFor } from '../deploy/driver-for.ts';
import type { DeployedProfile, InstanceStatus } from '../deploy/types.ts';
import type { ProcessUsage } from './process-usage.ts';

/** One instance as the live views show it: its status from the process manager, with CPU and memory. */
export interface InstanceRow extends InstanceStatus {
  /** Instance keys of its dependencies. */
  dependencies: string[];
  /** Percent of one CPU since the previous sample; null when it does not run, or on the first sample. */
  cpuPercent: number | null;
  /** Resident memory of the process and its descendants, in bytes; null when it does not run. */
  memoryBytes: number | null;
}

/**
 * Every instance of the profile, in start order, through its process manager's driver (the same
 * status `procform status` prints, on any process manager), with what /proc says of its process tree.
 */
export async function collectInstanceRows(profile: DeployedProfile, sample: (pids: readonly number[]) => Map<number, ProcessUsage>): Promise<InstanceRow[]> {
  const statuses = await (await driverFor(profile.manifest.processManager)).status(profile);
  const usage = sample(statuses.flatMap((status) => (status.pid === null ? [] : [status.pid])));
  return statuses.map((status) => {
    const used = status.pid === null ? undefined : usage.get(status.pid);
    return {
      ...status,
      dependencies: profile.manifest.instances[status.instance]?.dependencies ?? [],
      cpuPercent: used?.cpuPercent ?? null,
      memoryBytes: used?.memoryBytes ?? null,
    };
  });
}
