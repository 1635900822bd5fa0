// What the supervisor runs for one instance: the builtin backend's lowered parameters, stored as
// `builtin/<name>.json` in the instance's store entry. `overrides.builtin` deep-merges into it, so
// every field is plain data with a name a user can guess.
import { join } from 'node:path';
import { array, boolean, literal, looseObject, nullable, number, oneOf, optional, record, string } from '../../../fs/light-schema.ts';
import type { ManifestInstance } from '../../../build/manifest.ts';
import { StateFileError } from '../../../fs/state-file.ts';
import type { StateFileFormat } from '../../../fs/state-file.ts';
import { readStateFile } from '../../../fs/state-file.ts';
import type { LivenessSpec, ReadinessSpec, RestartSpec, StopSpec } from '../../../model/types.ts';

export interface InstanceConfig {
  /** The version of this format, so that a supervisor never misreads a configuration a newer procform wrote. */
  formatVersion: 1;
  instance: string;
  name: string;
  /**
   * 'foreground': the process stays in the foreground and is supervised directly.
   * 'daemon': the command forks a daemon and exits; the daemon is found through `pidFile`.
   */
  mode: 'foreground' | 'daemon';
  executable: string;
  args: string[];
  /** The daemon's PID file (daemon mode only). */
  pidFile: string | null;
  /** The whole environment of the process, PATH included. */
  environment: Record<string, string>;
  directory: string | null;
  /** Octal, as a string: '0022'. */
  umask: string | null;
  nice: number | null;
  /** Run as this user (with its groups, supplementary ones included); null: as the supervisor's user. */
  user: string | null;
  /** Shell commands run with `sh -e` before the process, as the supervisor's user (root when privileged). */
  initialize: string;
  readiness: ReadinessSpec | null;
  /** Probed every periodMs once ready; absent without one (so such configurations, and their store paths, are unchanged). */
  liveness?: LivenessSpec;
  restart: RestartSpec;
  stop: StopSpec;
  log: {
    /** stdout and stderr of the process (and of `initialize`) go to this one file. */
    file: string;
    timestamps: boolean;
    rotate: { maxBytes: number; keep: number } | null;
    /** Longer lines are cut into pieces of this size; pieces after the first start with "↪ ". */
    maxLineBytes: number;
  };
}

export const CONFIG_FOLDER = 'builtin';

export function configFileName(name: string): string {
  return `${CONFIG_FOLDER}/${name}.json`;
}

// Light schemas, not zod: `procform status` reads these and must not pay for loading zod.
const nullableString = nullable(string());
const instanceConfigFormat: StateFileFormat<InstanceConfig> = {
  what: 'the builtin configuration of an instance',
  versions: [1],
  schema: looseObject<InstanceConfig>({
    formatVersion: literal(1),
    instance: string(),
    name: string(),
    mode: oneOf(['foreground', 'daemon']),
    executable: string(),
    args: array(string()),
    pidFile: nullableString,
    environment: record(string()),
    directory: nullableString,
    umask: nullableString,
    nice: nullable(number()),
    user: nullableString,
    initialize: string(),
    readiness: nullable(looseObject({ kind: oneOf(['tcp', 'http', 'exec', 'log', 'file']), timeoutMs: number(), intervalMs: number() })),
    liveness: optional(looseObject({ kind: oneOf(['tcp', 'http', 'exec']), periodMs: number(), timeoutMs: number(), failures: number(), afterMs: number() })),
    restart: looseObject({ policy: string(), backoff: looseObject({ initialMs: number(), multiplier: number(), maxMs: number(), maxRestarts: number(), resetAfterMs: number() }) }),
    stop: looseObject({ signal: string(), timeoutMs: number() }),
    log: looseObject({ file: string(), timestamps: boolean(), rotate: nullable(looseObject({ maxBytes: number(), keep: number() })), maxLineBytes: number() }),
  }),
  repair: 'Store files are written once and never edited, so the store entry was damaged, or an override (overrides.builtin) broke it: build and switch again.',
};

/** An instance's configuration from its store entry, checked: a clear error naming the file when it is damaged or of an unknown format. */
export async function readInstanceConfig(entry: ManifestInstance): Promise<InstanceConfig> {
  const file = join(entry.storePath, configFileName(entry.name));
  const config = await readStateFile(file, instanceConfigFormat);
  if (config === null) throw new StateFileError(file, 'the instance\'s configuration is missing from the store', { hint: instanceConfigFormat.repair });
  return config;
}
