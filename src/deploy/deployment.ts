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
    journalPath: join(home.profilesDir, `${name}.switching`),
  };
}

export async function readProfile(path: string): Promise<DeployedProfile> {
  return { path, manifest: await readManifest(path) };
}
