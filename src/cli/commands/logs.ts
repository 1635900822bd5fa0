import { currentProfile } from '../../deploy/current-profile.ts';
import { findInstance } from '../../deploy/find-instance.ts';
import { followLogs } from '../../deploy/follow-logs.ts';
import type { DeploymentFlags } from '../deployment-options.ts';
import { checkProcessManager, deploymentOf } from '../deployment-options.ts';
import { UsageError } from '../../errors.ts';
import { parseDuration } from '../../model/units.ts';

/** Prints one instance's log, or every instance's with its name as prefix; -f keeps following until Ctrl-C. */
export async function logs(instance: string | undefined, flags: DeploymentFlags & { follow?: boolean; lines?: string; since?: string; timestamps?: boolean }): Promise<void> {
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  // --since alone shows every line since then, as journalctl and docker logs do.
  const lines = flags.lines === undefined ? (since === undefined ? 10 : Number.POSITIVE_INFINITY) : parseLines(flags.lines);
  const deployment = deploymentOf(flags);
  const profile = await currentProfile(deployment);
  checkProcessManager(flags, deployment, profile.manifest.processManager);
  const instances = instance === undefined ? Object.values(profile.manifest.instances) : [findInstance(profile, instance)];
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const options = { lines, follow: flags.follow ?? false, signal: controller.signal, ...(since !== undefined && { since }), ...(flags.timestamps && { timestamps: true }) };
    await followLogs(profile, instances, options, {
      prefix: instance === undefined,
      write: (text) => process.stdout.write(text),
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** A duration back from now (10m, 2h, 90s) or a time (2026-05-01T10:00, 2026-05-01 10:00:00Z). */
export function parseSince(value: string, now = Date.now()): number {
  const days = /^(\d+)d$/.exec(value);
  const ago = days ? Number(days[1]) * 86_400_000 : /^\d+(\.\d+)?(ms|s|m|h)$/.test(value) ? parseDuration(value) : undefined;
  if (ago !== undefined) return now - ago;
  const time = Date.parse(value.replace(' ', 'T'));
  if (Number.isNaN(time)) throw new UsageError(`--since: "${value}" is neither a duration nor a time`, { hint: 'Write a duration such as 10m, 2h, 3d, or a time such as 2026-05-01T10:00.' });
  return time;
}

function parseLines(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new UsageError(`--lines: "${value}" is not a number of lines`);
  return count;
}
