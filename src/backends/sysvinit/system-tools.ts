import { InstanceError } from '../../errors.ts';
import { resolveExecutable } from '../../model/resolve-executable.ts';
import type { BuildTarget } from '../../target/build-target.ts';

/** The programs procform's init functions run, by absolute path. */
export interface SystemTools {
  startStopDaemon: string;
  sleep: string;
  rm: string;
  mkdir: string;
  tail: string;
  wc: string;
}

const packages: Record<keyof SystemTools, [string, string]> = {
  startStopDaemon: ['start-stop-daemon', 'dpkg'],
  sleep: ['sleep', 'coreutils'],
  rm: ['rm', 'coreutils'],
  mkdir: ['mkdir', 'coreutils'],
  tail: ['tail', 'coreutils'],
  wc: ['wc', 'coreutils'],
};

/**
 * Resolves the init functions' programs at build time, in the system folders only (not the
 * builder's PATH), so that generated scripts are the same for every user and cannot be broken by
 * a service's PATH.
 */
export function resolveSystemTools(instance: string, target: BuildTarget): SystemTools {
  const tools: Partial<SystemTools> = {};
  for (const [key, [name, pkg]] of Object.entries(packages) as [keyof SystemTools, [string, string]][]) {
    const resolution = resolveExecutable(name, target, { systemFoldersOnly: true });
    if (!resolution.ok) {
      throw new InstanceError(
        { instance, message: `the sysvinit backend needs ${name}, which was not found in the system folders of ${target.name}` },
        { hint: `Install it: apt-get install ${pkg}` },
      );
    }
    tools[key] = resolution.path;
  }
  return tools as SystemTools;
}
