// Several profiles (--profile) in one state folder. Some backends keep their manager, or a private
// root, in the deployment's runtime folder (builtin's supervisor, supervisord, s6-rc's and runit's
// scanners, OpenRC's private root) and run exactly the profile they were last given: a second
// profile there would stop the first one's instances, and its `down` the manager under them.
import { join } from 'node:path';
import type { Manifest } from '../build/manifest.ts';
import { readManifest } from '../build/manifest.ts';
import { descriptorOf } from '../backends/registry.ts';
import { ProcformError } from '../errors.ts';
import type { Deployment } from './deployment.ts';
import { currentGeneration, profileNames } from './generations.ts';
import { readJournal } from './journal.ts';

/**
 * Refuses a switch to `target` when another profile of the state folder has instances on the same
 * manager (same process manager, same runtime folder) and that manager serves one profile only.
 * A target without instances (`down`) is never refused: it is the way out.
 */
export async function checkManagerNotShared(deployment: Deployment, target: Manifest): Promise<void> {
  if (!descriptorOf(target.processManager)?.oneProfilePerRuntimeDir || target.startOrder.length === 0) return;
  const { dir } = deployment.profiles;
  for (const name of (await profileNames(dir)).filter((name) => name !== deployment.profiles.name)) {
    const current = await currentGeneration({ dir, name });
    const journal = await readJournal(join(dir, `${name}.switching`));
    for (const path of [journal?.to, current?.path]) {
      if (path === undefined) continue;
      const other = await readManifest(path);
      if (other.processManager !== target.processManager || other.dirs.runtimeDir !== target.dirs.runtimeDir || other.startOrder.length === 0) continue;
      throw new ProcformError(
        `profile "${name}" of this state folder runs on the same ${target.processManager} manager (runtime folder ${target.dirs.runtimeDir}): a switch of profile "${deployment.profiles.name}" would stop its instances (${other.startOrder.join(', ')})`,
        { hint: `Give profile "${deployment.profiles.name}" a runtime folder of its own (--runtime-dir), or use another --state-dir.` },
      );
    }
  }
}
