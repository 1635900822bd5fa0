import { execFileSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../errors.ts';

/** Upstream's default when the system cannot tell (no sysvinit as PID 1, or a container). */
export const FALLBACK_RUNLEVEL = 3;

/**
 * The runlevel whose start links count, as upstream's sysvinitchecks: $PROCFORM_RUNLEVEL, else
 * the second field of `runlevel`, else 3.
 */
export function currentRunlevel(env: NodeJS.ProcessEnv = process.env): number {
  if (env.PROCFORM_RUNLEVEL) return parseRunlevel(env.PROCFORM_RUNLEVEL, 'PROCFORM_RUNLEVEL');
  try {
    const level = execFileSync('runlevel', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split(/\s+/)[1];
    if (level !== undefined && /^[0-6]$/.test(level)) return Number(level);
  } catch {
    // No runlevel command, or it says "unknown": upstream's default.
  }
  return FALLBACK_RUNLEVEL;
}

export function parseRunlevel(text: string, where = '--runlevel'): number {
  if (!/^[0-6]$/.test(text)) throw new UsageError(`${where} must be a runlevel from 0 to 6, not "${text}"`);
  return Number(text);
}

/** The scripts linked in rc<level>.d with the given prefix (S or K), in rc order: by name, so by sequence number. */
export async function rcLinks(root: string, level: number, prefix: 'S' | 'K'): Promise<string[]> {
  const folder = join(root, `etc/rc.d/rc${level}.d`);
  const names = await readdir(folder).catch(() => [] as string[]);
  return names
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => join(folder, name));
}
