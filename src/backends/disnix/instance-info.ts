// What the driver needs to know about a built instance beyond the manifest (overrides may have
// changed it): written beside the process wrapper in the instance's store entry.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PidFileInstance } from '../../runtime/pid-file-status.ts';

export interface DisnixInstanceInfo extends PidFileInstance {
  name: string;
  /** The process wrapper, relative to the store entry. */
  process: string;
  /** Whether `log` readiness must skip line timestamps. */
  timestamps: boolean;
  stopSignal: string;
  stopTimeoutMs: number;
  /** The PID file names procform-daemonize, which passes the stop signal on to its program's group itself. */
  forwardsStop: boolean;
}

const infoFolder = 'share/procform-disnix';

export function instanceInfoPath(name: string): string {
  return `${infoFolder}/${name}.json`;
}

/** The info of the one process in an instance's store entry. */
export async function readInstanceInfo(storePath: string): Promise<DisnixInstanceInfo> {
  const [file] = await readdir(join(storePath, infoFolder));
  return JSON.parse(await readFile(join(storePath, infoFolder, file!), 'utf8')) as DisnixInstanceInfo;
}
