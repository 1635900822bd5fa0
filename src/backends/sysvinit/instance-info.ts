// What the driver needs to know about a built script beyond the manifest (overrides may have
// changed it): written beside the script in the instance's store entry.
import type { DaemonizedInstanceInfo } from '../daemonized-process.ts';
import { instanceInfoFile } from '../instance-info-file.ts';

export interface SysvinitInstanceInfo extends DaemonizedInstanceInfo {
  /** The init script, relative to the store entry (and the profile). */
  script: string;
}

export const sysvinitInfo = instanceInfoFile<SysvinitInstanceInfo>('sysvinit');
