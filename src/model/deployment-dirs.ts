import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentDirs } from './types.ts';

export interface DirOptions extends Partial<DeploymentDirs> {
  forceDisableUserChange?: boolean;
}

/**
 * The folders of a deployment. Explicit options win, then PROCFORM_*_DIR variables, then upstream's
 * defaults: /var and its usual children for root, a per-user folder (XDG state home) for anyone else.
 */
export function resolveDeploymentDirs(
  options: DirOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  isRoot = process.getuid?.() === 0,
): DeploymentDirs {
  const pick = (key: keyof DeploymentDirs, envName: string): string | undefined => options[key] ?? (env[envName] || undefined);
  const stateDir = pick('stateDir', 'PROCFORM_STATE_DIR') ?? (isRoot ? '/var' : defaultUserStateDir(env));
  return {
    stateDir,
    runtimeDir: pick('runtimeDir', 'PROCFORM_RUNTIME_DIR') ?? `${stateDir}/run`,
    logDir: pick('logDir', 'PROCFORM_LOG_DIR') ?? `${stateDir}/log`,
    cacheDir: pick('cacheDir', 'PROCFORM_CACHE_DIR') ?? `${stateDir}/cache`,
    libDir: pick('libDir', 'PROCFORM_LIB_DIR') ?? `${stateDir}/lib`,
    spoolDir: pick('spoolDir', 'PROCFORM_SPOOL_DIR') ?? `${stateDir}/spool`,
    lockDir: pick('lockDir', 'PROCFORM_LOCK_DIR') ?? `${stateDir}/lock`,
    tmpDir: pick('tmpDir', 'PROCFORM_TMP_DIR') ?? (stateDir === '/var' ? '/tmp' : `${stateDir}/tmp`),
  };
}

/** Unprivileged deployments live under the user's XDG state folder, one tree per user. */
function defaultUserStateDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'procform');
}

/** Unprivileged unless asked otherwise: only root can create users and switch to them. */
export function resolveForceDisableUserChange(
  option: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
  isRoot = process.getuid?.() === 0,
): boolean {
  if (option !== undefined) return option;
  if (env.PROCFORM_FORCE_DISABLE_USER_CHANGE) return env.PROCFORM_FORCE_DISABLE_USER_CHANGE === '1';
  return !isRoot;
}

/** procform's own files (store, generations) live in the deployment's libDir. */
export function procformHome(dirs: DeploymentDirs, env: NodeJS.ProcessEnv = process.env): { storeDir: string; profilesDir: string } {
  const home = join(dirs.libDir, 'procform');
  return { storeDir: env.PROCFORM_STORE_DIR || join(home, 'store'), profilesDir: join(home, 'profiles') };
}
