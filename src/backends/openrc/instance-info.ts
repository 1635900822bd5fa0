// What the driver needs to know about a built script beyond the manifest (overrides may have
// changed it): written beside the script in the instance's store entry.
import type { PidFileInstance } from '../../runtime/pid-file-status.ts';
import { instanceInfoFile } from '../instance-info-file.ts';
import type { OpenrcMode } from './params.ts';

export interface OpenrcInstanceInfo extends PidFileInstance {
  /** The service's name, and its script relative to the store entry. */
  name: string;
  script: string;
  mode: OpenrcMode;
}

export const openrcInfo = instanceInfoFile<OpenrcInstanceInfo>('openrc');
export const instanceInfoPath = openrcInfo.path;
export const readInstanceInfo = openrcInfo.read;
