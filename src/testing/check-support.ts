import { accessSync, constants } from 'node:fs';
import { loadBackend } from '../backends/registry.ts';
import { ProcformError } from '../errors.ts';
import { testManager } from './managers.ts';

/**
 * Why variants of this process manager cannot run on this machine, or undefined when they can: no
 * backend yet, a backend that only builds, or its programs missing on the host (whose programs
 * every machine sees). Such variants are reported as skipped with this reason, never as passed.
 */
export async function unsupportedReason(processManager: string): Promise<string | undefined> {
  let backend;
  try {
    backend = await loadBackend(processManager);
  } catch (error) {
    if (error instanceof ProcformError) return `procform has no ${processManager} backend yet`;
    throw error;
  }
  if (!backend.driver) return `procform can build for ${processManager} but cannot deploy to it`;
  for (const program of testManager(processManager).programs) {
    try {
      accessSync(program.path, constants.X_OK);
    } catch {
      return `${program.path} is missing on this machine (apt-get install ${program.package})`;
    }
  }
  return undefined;
}
