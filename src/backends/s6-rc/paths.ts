// Where the s6-rc deployment of a procform deployment keeps its files. Everything derives from the
// deployment's folders (never the host's /run/service), so driver, generated scripts and tests agree.
import { join } from 'node:path';
import type { DeploymentDirs } from '../../model/types.ts';

export interface S6RcPaths {
  /** The deployment's own s6-svscan scans this folder; s6-rc-init fills it with links into the live folder. */
  scanDir: string;
  /** s6-rc's live state (a link s6-rc-init and s6-rc-update replace). */
  liveDir: string;
  /** The PID of the s6-svscan the driver started. */
  svscanPidFile: string;
  /** s6-svscan's own output (and what oneshots print before they redirect theirs). */
  svscanLog: string;
  /** Compiled databases, one per profile. */
  compiledDir: string;
}

export function s6RcPaths(dirs: Pick<DeploymentDirs, 'runtimeDir' | 'libDir' | 'logDir'>): S6RcPaths {
  const base = join(dirs.runtimeDir, 'procform-s6-rc');
  return {
    scanDir: join(base, 'service'),
    liveDir: join(base, 'live'),
    svscanPidFile: join(base, 's6-svscan.pid'),
    svscanLog: join(dirs.logDir, 'procform-s6-svscan.log'),
    compiledDir: join(dirs.libDir, 'procform', 's6-rc', 'compiled'),
  };
}

/** The state record of one service (src/runtime/service-dir/service-state.ts). */
export function serviceStateDir(dirs: Pick<DeploymentDirs, 'runtimeDir'>, name: string): string {
  return join(dirs.runtimeDir, 'procform-s6-rc', 'instances', name);
}

/** Present while a daemon is stopped on request (`procform stop`), which s6-rc does not know of. */
export function stoppedMarker(dirs: Pick<DeploymentDirs, 'runtimeDir'>, name: string): string {
  return join(serviceStateDir(dirs, name), 'stopped');
}

/** The folder s6-log writes a longrun's output to: `current` and its rotated files (upstream's s6-log/<name>). */
export function longrunLogDir(dirs: Pick<DeploymentDirs, 'logDir'>, name: string): string {
  return join(dirs.logDir, 's6-log', name);
}

/** A daemon's output before it detaches (upstream's nixproc-<name>.log, without the prefix). */
export function daemonLogFile(dirs: Pick<DeploymentDirs, 'logDir'>, name: string): string {
  return join(dirs.logDir, `${name}.log`);
}

/** The names s6-rc knows an instance by: a longrun is a pipeline `<name>-srv` | `<name>-log` bundled as `<name>`. */
export const serviceNames = (name: string) => ({ bundle: name, srv: `${name}-srv`, log: `${name}-log` });

/** The source folder of the profile's service definitions, relative to a store entry or the profile. */
export const SOURCE_DIR = 'etc/s6/sv';
export const DEFAULT_BUNDLE = 'default';
