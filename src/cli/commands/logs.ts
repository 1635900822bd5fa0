import { currentProfile } from '../../deploy/current-profile.ts';
import { findInstance } from '../../deploy/find-instance.ts';
import { followLogs } from '../../deploy/follow-logs.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';

/** Prints one instance's log, or every instance's with its name as prefix; -f keeps following until Ctrl-C. */
export async function logs(instance: string | undefined, flags: DirFlags & { follow?: boolean; lines: string }): Promise<void> {
  const profile = await currentProfile(deploymentOf(flags));
  const instances = instance === undefined ? Object.values(profile.manifest.instances) : [findInstance(profile, instance)];
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await followLogs(profile, instances, { lines: Number(flags.lines), follow: flags.follow ?? false, signal: controller.signal }, {
      prefix: instance === undefined,
      write: (text) => process.stdout.write(text),
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
