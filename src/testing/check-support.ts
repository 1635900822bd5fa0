import { accessSync, constants } from 'node:fs';
import { descriptorOf } from '../backends/registry.ts';

/**
 * Why variants of this process manager cannot run on this machine, or undefined when they can: no
 * backend yet, a backend that only builds, one whose processes cannot live inside a test machine
 * (docker), or its programs missing on the host (whose programs every machine sees). Such variants are reported as skipped with this reason, never as passed.
 */
export function unsupportedReason(processManager: string): string | undefined {
  const descriptor = descriptorOf(processManager);
  if (!descriptor) return `procform has no ${processManager} backend yet`;
  if (!descriptor.testing) return `procform can build for ${processManager} but cannot deploy to it`;
  if (descriptor.testing.notInMachines) return `test machines cannot run ${processManager}: ${descriptor.testing.notInMachines}`;
  for (const program of descriptor.testing.programs) {
    try {
      accessSync(program.path, constants.X_OK);
    } catch {
      return `${program.path} is missing on this machine (apt-get install ${program.package})`;
    }
  }
  return undefined;
}
