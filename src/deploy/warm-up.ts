// The process manager starts while the model loads and builds: a cold `switch` of the builtin
// manager otherwise waits for the supervisor's Node to start after the build, on one CPU of two.
import { descriptorOf } from '../backends/registry.ts';
import type { DirOptions } from '../model/deployment-dirs.ts';
import { resolveDeploymentDirs } from '../model/deployment-dirs.ts';
import type { BuildTarget } from '../target/build-target.ts';

/**
 * Lets the backend of `processManager` start its manager for the folders a build for `target` (this
 * machine) will use. Never throws: the switch itself reports what is wrong.
 */
export async function warmUpManager(processManager: string, dirs: DirOptions, target: BuildTarget): Promise<void> {
  try {
    await descriptorOf(processManager)?.warmUp?.(resolveDeploymentDirs(dirs, process.env, target.privileged));
  } catch {
    // Reported by the switch, if it matters.
  }
}
