import { InstanceError } from '../errors.ts';
import { resolveExecutable } from '../model/resolve-executable.ts';

/**
 * A program a generated script runs, resolved at build time in the system folders only (not the
 * builder's PATH), so that scripts are the same for every user and a service's PATH cannot break them.
 */
export function resolveTool(instance: string, backend: string, name: string, debianPackage: string): string {
  const resolution = resolveExecutable(name, [], () => false, '');
  if (!resolution.ok) {
    throw new InstanceError(
      { instance, message: `the ${backend} backend needs ${name}, which was not found in the system folders` },
      { hint: `Install it: apt-get install ${debianPackage}` },
    );
  }
  return resolution.path;
}
