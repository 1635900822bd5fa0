import type { Manifest } from '../build/manifest.ts';
import type { DeployedProfile } from './types.ts';

/** A profile without instances for the same process manager and folders: what `down` switches to. */
export async function buildEmptyProfile(like: Manifest): Promise<DeployedProfile> {
  // Imported here: the build (and zod with it) is for `down`, not for every command that switches.
  const { buildProfile } = await import('../build/build-profile.ts');
  const built = await buildProfile({
    modelFile: '(no instances)',
    model: () => ({}),
    processManager: like.processManager,
    dirs: { ...like.dirs, forceDisableUserChange: like.forceDisableUserChange },
    forceDisableUserChange: like.forceDisableUserChange,
    storeDir: like.storeDir,
  });
  return { path: built.path, manifest: built.manifest };
}
