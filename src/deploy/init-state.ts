import { chmod, mkdir, stat } from 'node:fs/promises';
import type { DeploymentDirs } from '../model/types.ts';

/**
 * Creates the deployment's folders before anything starts, as upstream's nixproc-init-state does.
 * A tmpDir procform creates for a privileged deployment is world-writable and sticky, like /tmp.
 */
export async function initState(dirs: DeploymentDirs, forceDisableUserChange: boolean): Promise<void> {
  const tmpExisted = await stat(dirs.tmpDir).then(
    () => true,
    () => false,
  );
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  if (!tmpExisted && !forceDisableUserChange) await chmod(dirs.tmpDir, 0o1777);
}
