import { join } from 'node:path';
import { z } from 'zod';
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

// What deployment relies on is checked; fields added later (or by overrides) pass through.
const specSchema = z.looseObject({
  instance: z.string(),
  name: z.string(),
  environment: z.record(z.string(), z.string()),
  user: z.string().nullable(),
  credentials: z.looseObject({ groups: z.record(z.string(), z.looseObject({})), users: z.record(z.string(), z.looseObject({})) }),
  pidFile: z.string(),
  dependencies: z.array(z.string()),
  stop: z.looseObject({ signal: z.string(), timeoutMs: z.number() }),
  ports: z.array(z.number()),
});

const manifestFormat: StateFileFormat<Manifest> = {
  what: 'the profile\'s manifest',
  versions: [1],
  schema: z.looseObject({
    formatVersion: z.literal(1),
    processManager: z.string(),
    forceDisableUserChange: z.boolean(),
    dirs: z.looseObject(Object.fromEntries(['stateDir', 'runtimeDir', 'logDir', 'cacheDir', 'libDir', 'spoolDir', 'lockDir', 'tmpDir'].map((key) => [key, z.string()]))),
    storeDir: z.string(),
    instances: z.record(z.string(), z.looseObject({ instance: z.string(), name: z.string(), storePath: z.string(), dependencies: z.array(z.string()), spec: specSchema })),
    startOrder: z.array(z.string()),
  }) as unknown as z.ZodType<Manifest>,
  repair: 'Store files are written once and never edited: the store entry was damaged. Build the profile again (`procform build`), or delete the generation that uses it (`procform generations --delete N`).',
};

/** A profile's manifest, checked; a clear error naming the file when it is missing, damaged or of an unknown format. */
export async function readManifest(profilePath: string): Promise<Manifest> {
  const file = join(profilePath, MANIFEST_FILE);
  const manifest = await readStateFile(file, manifestFormat);
  if (manifest === null) throw new StateFileError(file, 'the profile has no manifest: the profile is gone from the store', { hint: manifestFormat.repair });
  return manifest;
}
