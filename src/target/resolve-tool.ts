import { InstanceError } from '../errors.ts';
import { resolveExecutable } from '../model/resolve-executable.ts';
import type { BuildTarget } from './build-target.ts';

export interface ToolNeed {
  /** Who needs it, for the message: "the sysvinit backend", "the s6-rc run script". */
  neededBy: string;
  /** How to get it: "apt-get install coreutils". */
  install: string;
}

/**
 * A program a generated script runs, resolved at build time in the target's system folders only
 * (not the builder's PATH), so that scripts are the same for every user and a service's PATH
 * cannot break them. A missing one is an error naming the instance and how to install it.
 */
export function resolveTool(target: BuildTarget, instance: string, name: string, { neededBy, install }: ToolNeed): string {
  const resolution = resolveExecutable(name, target, { systemFoldersOnly: true });
  if (!resolution.ok) {
    throw new InstanceError(
      { instance, message: `${neededBy} needs ${name}, which was not found in the system folders of ${target.name}` },
      { hint: `Install it: ${install}` },
    );
  }
  return resolution.path;
}
