import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container, DeploymentDirs, ProcessSpec } from '../model/types.ts';

/** One instance of a built profile. */
export interface ManifestInstance {
  /** The instance's key in the model. */
  instance: string;
  /** The process manager's name for it. */
  name: string;
  /** Its store entry: it changes exactly when its generated configuration changes. */
  storePath: string;
  /** Instance keys of its dependencies. */
  dependencies: string[];
  spec: ProcessSpec;
  /** The container it provides to other services (for capture-infra), if any. */
  container?: Container;
}

/** What a profile holds: enough to plan a switch from it, or to it, without the model. */
export interface Manifest {
  formatVersion: 1;
  processManager: string;
  forceDisableUserChange: boolean;
  dirs: DeploymentDirs;
  storeDir: string;
  instances: Record<string, ManifestInstance>;
  /** Instance keys, dependencies first. */
  startOrder: string[];
}

export const MANIFEST_FILE = 'manifest.json';

export async function readManifest(profilePath: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(profilePath, MANIFEST_FILE), 'utf8')) as Manifest;
}
