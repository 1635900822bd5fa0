import pc from 'picocolors';
import type { ManifestInstance } from '../build/manifest.ts';
import { driverFor } from './driver-for.ts';
import type { DeployedProfile, LogOptions } from './types.ts';

const palette = [pc.cyan, pc.magenta, pc.yellow, pc.green, pc.blue, pc.red];

/**
 * Reads several instances' logs at once through the process manager's driver, each line prefixed
 * with its instance's name (padded, coloured) when `prefix` is set, as `procform up` shows them.
 */
export async function followLogs(
  profile: DeployedProfile,
  instances: readonly ManifestInstance[],
  options: LogOptions,
  output: { prefix: boolean; write: (text: string) => void },
): Promise<void> {
  const driver = await driverFor(profile.manifest.processManager);
  const width = Math.max(0, ...instances.map((entry) => entry.instance.length));
  await Promise.all(
    instances.map((entry, index) => {
      const label = output.prefix ? `${palette[index % palette.length]!(entry.instance.padEnd(width))} | ` : '';
      return driver.logs(profile, entry, options, (line) => output.write(`${label}${line}\n`));
    }),
  );
}
