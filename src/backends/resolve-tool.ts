import { InstanceError } from '../errors.ts';
import { resolveExecutable } from '../model/resolve-executable.ts';
import type { BuildTarget } from '../target/build-target.ts';

/**
 * A program a generated script runs, resolved at build time in the target's system folders only
 * (not the builder's PATH), so that scripts are the same for every user and a service's PATH
 * cannot break them.
 */
export function resolveTool(instance: string, backend: string, name: string, debianPackage: string, target: BuildTarget): string {
  const resolution = resolveExecutable(name, target, { systemFoldersOnly: true });
  if (!resolution.ok) {
    throw new InstanceError(
      { instance, message: `the ${backend} backend needs ${name}, which was not found in the system folders of ${target.name}` },
      { hint: `Install it: apt-get install ${debianPackage}` },
    );
  }
  return resolution.path;
}
