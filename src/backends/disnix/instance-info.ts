// What the driver needs to know about a built instance beyond the manifest (overrides may have
// changed it): written beside the process wrapper in the instance's store entry.
import type { DaemonizedInstanceInfo } from '../daemonized-process.ts';
import { instanceInfoFile } from '../instance-info-file.ts';

export interface DisnixInstanceInfo extends DaemonizedInstanceInfo {
  /** The process wrapper, relative to the store entry. */
  process: string;
  stopSignal: string;
  stopTimeoutMs: number;
  /** The PID file names procform-daemonize, which passes the stop signal on to its program's group itself. */
  forwardsStop: boolean;
}

export const disnixInfo = instanceInfoFile<DisnixInstanceInfo>('disnix');
