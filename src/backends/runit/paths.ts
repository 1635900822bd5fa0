// Where the runit deployment of a procform deployment keeps its files. Everything derives from the
// deployment's folders (never the host's /etc/service), so driver, generated scripts and tests agree.
import { join } from 'node:path';
import type { DeploymentDirs } from '../../model/types.ts';

export interface RunitPaths {
  /** The folder the deployment's own runsvdir scans: links to the instances' service folders. */
  scanDir: string;
  /** The PID of the runsvdir the driver started. */
  runsvdirPidFile: string;
  /** runsvdir's own output. */
  runsvdirLog: string;
}

const base = (dirs: Pick<DeploymentDirs, 'runtimeDir'>) => join(dirs.runtimeDir, 'procform-runit');

export function runitPaths(dirs: Pick<DeploymentDirs, 'runtimeDir' | 'logDir'>): RunitPaths {
  return {
    scanDir: join(base(dirs), 'service'),
    runsvdirPidFile: join(base(dirs), 'runsvdir.pid'),
    runsvdirLog: join(dirs.logDir, 'procform-runsvdir.log'),
  };
}

/**
 * Where runsv keeps a service's state. The service folder is in the (read-only) store: its
 * `supervise` is a link here, as Debian's runit links /etc/sv/NAME/supervise into /run.
 */
export function superviseDir(dirs: Pick<DeploymentDirs, 'runtimeDir'>, service: string): string {
  return join(base(dirs), 'supervise', service);
}

/** The state record of one service (src/runtime/service-dir/service-state.ts). */
export function serviceStateDir(dirs: Pick<DeploymentDirs, 'runtimeDir'>, name: string): string {
  return join(base(dirs), 'instances', name);
}

/** The folder svlogd writes a service's output to: `current` and its rotated files. */
export function svlogdDir(dirs: Pick<DeploymentDirs, 'logDir'>, name: string): string {
  return join(dirs.logDir, 'svlogd', name);
}

/** An instance's service folder, relative to its store entry (Debian's /etc/sv layout). */
export const serviceFolder = (name: string) => `etc/sv/${name}`;
