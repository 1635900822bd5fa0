import { join } from 'node:path';
import { absolutePath, array, boolean, literal, looseObject, nullable, number, record, string } from '../fs/light-schema.ts';
import type { StateFileFormat } from '../fs/state-file.ts';
import { readStateFile, StateFileError } from '../fs/state-file.ts';
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

// What deployment relies on is checked; fields added later (or by overrides) pass through. Light
// schemas, not zod: `procform status` reads the manifest and must not pay for loading zod.
const specSchema = looseObject({
  instance: string(),
  name: string(),
  environment: record(string()),
  user: nullable(string()),
  credentials: looseObject({ groups: record(looseObject({})), users: record(looseObject({})) }),
  pidFile: string(),
  dependencies: array(string()),
  stop: looseObject({ signal: string(), timeoutMs: number() }),
  ports: array(number()),
});

const manifestFormat: StateFileFormat<Manifest> = {
  what: 'the profile\'s manifest',
  versions: [1],
  schema: looseObject<Manifest>({
    formatVersion: literal(1),
    processManager: string(),
    forceDisableUserChange: boolean(),
    dirs: looseObject(Object.fromEntries(['stateDir', 'runtimeDir', 'logDir', 'cacheDir', 'libDir', 'spoolDir', 'lockDir', 'tmpDir'].map((key) => [key, string()]))),
    storeDir: string(),
    instances: record(looseObject({ instance: string(), name: string(), storePath: absolutePath(), dependencies: array(string()), spec: specSchema })),
    startOrder: array(string()),
  }),
  repair: 'Store files are written once and never edited: the store entry was damaged. Build the profile again (`procform build`), or delete the generation that uses it (`procform generations --delete N`).',
};

/** A profile's manifest, checked; a clear error naming the file when it is missing, damaged or of an unknown format. */
export async function readManifest(profilePath: string): Promise<Manifest> {
  const file = join(profilePath, MANIFEST_FILE);
  const manifest = await readStateFile(file, manifestFormat);
  if (manifest === null) throw new StateFileError(file, 'the profile has no manifest: the profile is gone from the store', { hint: manifestFormat.repair });
  return manifest;
}
