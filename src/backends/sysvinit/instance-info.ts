// What the driver needs to know about a built script beyond the manifest (overrides may have
// changed it): written beside the script in the instance's store entry.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadinessSpec } from '../../model/types.ts';

export interface SysvinitInstanceInfo {
  name: string;
  /** The init script, relative to the store entry (and the profile). */
  script: string;
  pidFile: string;
  /** The daemon output log, or null when output logging is off. */
  logFile: string | null;
  /** procform-daemonize's status file, for a daemonized foreground process. */
  daemonizeStatusFile: string | null;
  readiness: ReadinessSpec | null;
  /** Whether `log` readiness must skip line timestamps. */
  timestamps: boolean;
}

const infoFolder = 'share/procform-sysvinit';

export function instanceInfoPath(name: string): string {
  return `${infoFolder}/${name}.json`;
}

/** The info of the one script in an instance's store entry. */
export async function readInstanceInfo(storePath: string): Promise<SysvinitInstanceInfo> {
  const [file] = await readdir(join(storePath, infoFolder));
  return JSON.parse(await readFile(join(storePath, infoFolder, file!), 'utf8')) as SysvinitInstanceInfo;
}
