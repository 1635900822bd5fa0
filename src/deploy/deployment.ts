import { join } from 'node:path';
import { readManifest } from '../build/manifest.ts';
import type { DirOptions } from '../model/deployment-dirs.ts';
import { procformHome, resolveDeploymentDirs } from '../model/deployment-dirs.ts';
import type { DeploymentDirs } from '../model/types.ts';
import type { Profiles } from './generations.ts';
import type { DeployedProfile } from './types.ts';

/** Where a deployment keeps its own bookkeeping: all derived from its state folders. */
export interface Deployment {
  dirs: DeploymentDirs;
  storeDir: string;
  profiles: Profiles;
  lockPath: string;
  /**
   * The state folder's lock over all its profiles, taken only around the shared-manager check and
   * the switch note that claims the manager (shared-manager.ts), always after the profile's own lock.
   */
  profilesLockPath: string;
  journalPath: string;
}

export function locateDeployment(options: { dirs?: DirOptions; storeDir?: string; profile?: string } = {}): Deployment {
  const dirs = resolveDeploymentDirs(options.dirs);
  const home = procformHome(dirs);
  const name = options.profile ?? 'processes';
  return {
    dirs,
    storeDir: options.storeDir ?? home.storeDir,
    profiles: { dir: home.profilesDir, name },
    lockPath: join(home.profilesDir, `${name}.lock`),
    // Beside the profiles folder: no profile's name can give its own lock this path.
    profilesLockPath: `${home.profilesDir}.lock`,
    journalPath: join(home.profilesDir, `${name}.switching`),
  };
}

export async function readProfile(path: string): Promise<DeployedProfile> {
  return { path, manifest: await readManifest(path) };
}
