// upstream's nixproc-init-state: the deployment's common folders exist before anything is deployed.
import { chmod, lstat, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeploymentDirs } from '../model/types.ts';

export interface InitStateResult {
  /** Folders that did not exist and were created. */
  created: string[];
  /** Compatibility links made (`<stateDir>/tmp → /tmp`, `<stateDir>/run → /run`). */
  linked: { link: string; target: string }[];
}

/**
 * Creates stateDir, runtimeDir, logDir, cacheDir, libDir, spoolDir, lockDir and tmpDir. A tmpDir
 * that procform creates in a privileged deployment is world-writable and sticky (1777), as /tmp
 * is, because processes of several users share it (they keep their PID files there). Existing
 * folders are left exactly as they are, and nothing is ever removed.
 */
export async function initStateDirs(dirs: DeploymentDirs, options: { forceDisableUserChange: boolean }): Promise<InitStateResult> {
  const result: InitStateResult = { created: [], linked: [] };
  await ensureDir(dirs.stateDir, result);
  if ((await ensureDir(dirs.tmpDir, result)) && !options.forceDisableUserChange) await chmod(dirs.tmpDir, 0o1777);
  await ensureDir(dirs.runtimeDir, result);
  // As upstream: software that assumes <stateDir>/tmp and <stateDir>/run finds the system's folders.
  await linkIfMissing(join(dirs.stateDir, 'tmp'), dirs.tmpDir, '/tmp', result);
  await linkIfMissing(join(dirs.stateDir, 'run'), dirs.runtimeDir, '/run', result);
  for (const dir of [dirs.logDir, dirs.cacheDir, dirs.spoolDir, dirs.lockDir, dirs.libDir]) await ensureDir(dir, result);
  return result;
}

/** Creates a folder (and its parents); true when the folder itself had to be created. */
async function ensureDir(dir: string, result: InitStateResult): Promise<boolean> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return false;
  result.created.push(dir);
  return true;
}

async function linkIfMissing(link: string, actual: string, systemDir: string, result: InitStateResult): Promise<void> {
  if (actual !== systemDir) return;
  if (await lstat(link).then(() => true, () => false)) return;
  await symlink(systemDir, link);
  result.linked.push({ link, target: systemDir });
}
