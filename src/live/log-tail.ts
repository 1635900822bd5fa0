import { driverFor } from '../deploy/driver-for.ts';
import { findInstance } from '../deploy/find-instance.ts';
import type { DeployedProfile } from '../deploy/types.ts';

/** The last `lines` lines of an instance's log, read as `procform logs NAME -n LINES` reads them, on any process manager. */
export async function logTail(profile: DeployedProfile, instance: string, lines: number): Promise<string[]> {
  const collected: string[] = [];
  const driver = await driverFor(profile.manifest.processManager);
  await driver.logs(profile, findInstance(profile, instance), { lines, follow: false }, (line) => collected.push(line));
  return collected;
}

/**
 * Follows an instance's log as `procform logs -f` does: the last `lines` lines, then every new one,
 * until the signal aborts. Resolves once following has stopped.
 */
export async function followLog(profile: DeployedProfile, instance: string, lines: number, signal: AbortSignal, onLine: (line: string) => void): Promise<void> {
  const driver = await driverFor(profile.manifest.processManager);
  await driver.logs(profile, findInstance(profile, instance), { lines, follow: true, signal }, onLine);
}
