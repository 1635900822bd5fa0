import type { ProcessContext } from '../src/model/types.ts';
import { resolveExecutable } from '../src/model/resolve-executable.ts';

/**
 * The absolute path of a helper program a service's scripts and readiness checks run (initdb,
 * mariadb-admin, redis-cli) on the build's target: procform resolves a process's own executable, but
 * not the programs inside its shell commands, so a constructor resolves them itself, at build time,
 * and fails the build naming the package when one is missing rather than the process at run time.
 */
export function programPath(ctx: ProcessContext, name: string, install: string): string {
  const resolution = resolveExecutable(name, ctx.target);
  if (resolution.ok) return resolution.path;
  throw new Error(`${resolution.message}. Install it: ${install}`);
}
