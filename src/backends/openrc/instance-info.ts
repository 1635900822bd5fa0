// What the driver needs to know about a built script beyond the manifest (overrides may have
// changed it): written beside the script in the instance's store entry.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PidFileInstance } from '../../runtime/pid-file-status.ts';
import type { OpenrcMode } from './params.ts';

export interface OpenrcInstanceInfo extends PidFileInstance {
  /** The service's name, and its script relative to the store entry. */
  name: string;
  script: string;
  mode: OpenrcMode;
}

const infoFolder = 'share/procform-openrc';

export function instanceInfoPath(name: string): string {
  return `${infoFolder}/${name}.json`;
}

export async function readInstanceInfo(storePath: string): Promise<OpenrcInstanceInfo> {
  const [file] = await readdir(join(storePath, infoFolder));
  return JSON.parse(await readFile(join(storePath, infoFolder, file!), 'utf8')) as OpenrcInstanceInfo;
}
