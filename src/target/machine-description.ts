// `procform describe-machine` captures what a build needs to know about a machine, so that a
// profile for it can be built elsewhere (`procform build --target FILE`): its Node and procform,
// its PATH and the executables in its PATH and system folders, its accounts, who deploys.
import { readdirSync } from 'node:fs';
import { arch, hostname, platform } from 'node:os';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import type { z as Zod } from 'zod';
import { readStateFileSync, StateFileError } from '../fs/state-file.ts';
import type { StateFileFormat } from '../fs/state-file.ts';
import { procformVersion } from '../package-root.ts';
import { DEFAULT_PATH } from '../process/search-path.ts';
import type { BuildTarget } from './build-target.ts';
import { hostTarget } from './host-target.ts';

// zod is loaded only when a description is read: this module is part of the API every model imports,
// and loading zod costs more than the rest of an unchanged build.
function descriptionSchema(z: typeof Zod) {
  const user = z.object({ name: z.string(), uid: z.number().int(), gid: z.number().int(), home: z.string(), shell: z.string() });
  const group = z.object({ name: z.string(), gid: z.number().int(), members: z.array(z.string()) });
  return z.object({
    formatVersion: z.literal(1),
    hostname: z.string(),
    // Informative (capture-infra prints them); descriptions written before they were added lack them.
    system: z.string().optional(),
    nodeVersion: z.string().optional(),
    procformVersion: z.string().optional(),
    node: z.string().startsWith('/'),
    procform: z.string().startsWith('/'),
    caller: z.object({ user: z.string(), group: z.string() }),
    privileged: z.boolean(),
    path: z.array(z.string()),
    executables: z.record(z.string(), z.array(z.string())),
    users: z.array(user),
    groups: z.array(group),
  });
}

/** What `procform describe-machine` prints: a machine's properties, as data. */
export type MachineDescription = Zod.infer<ReturnType<typeof descriptionSchema>>;

let schema: ReturnType<typeof descriptionSchema> | undefined;
const descriptionFormat: StateFileFormat<MachineDescription> = {
  what: 'the machine description',
  versions: [1],
  schema: { safeParse: (value) => (schema ??= descriptionSchema((createRequire(import.meta.url)('zod') as { z: typeof Zod }).z)).safeParse(value) },
  repair: 'Capture it again on that machine: procform describe-machine --json > FILE',
};

/** This machine's description, for building its profiles elsewhere. */
export function describeMachine(target: BuildTarget = hostTarget()): MachineDescription {
  const runtime = target.procformRuntime();
  const folders = [...new Set([...target.searchPath, ...DEFAULT_PATH.split(':')])];
  const executables: Record<string, string[]> = {};
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    executables[folder] = names.filter((name) => target.isExecutable(`${folder}/${name}`)).sort();
  }
  return {
    formatVersion: 1,
    hostname: hostname(),
    system: nixSystem(),
    nodeVersion: process.version,
    procformVersion: procformVersion(),
    node: runtime.node,
    procform: runtime.procform,
    caller: target.caller,
    privileged: target.privileged,
    path: [...target.searchPath],
    executables,
    users: [...target.users()],
    groups: [...target.groups()],
  };
}

/** This machine's system in Nix's spelling: x86_64-linux, aarch64-linux. */
function nixSystem(): string {
  return `${{ x64: 'x86_64', arm64: 'aarch64', ia32: 'i686' }[arch() as string] ?? arch()}-${platform()}`;
}

/** Reads a machine description written by `procform describe-machine --json`. */
export function readMachineDescription(file: string): MachineDescription {
  const description = readStateFileSync(file, descriptionFormat);
  if (description === null) throw new StateFileError(file, 'the machine description does not exist', { hint: descriptionFormat.repair });
  return description;
}

/**
 * The machine a description describes. Executables are known in the folders it captured; a path in
 * a folder it did not capture cannot be checked and is taken as given.
 */
export function describedTarget(description: MachineDescription, file = 'a machine description'): BuildTarget {
  return {
    name: `the machine ${description.hostname} (described in ${file})`,
    procformRuntime: () => ({ node: description.node, procform: description.procform }),
    searchPath: description.path,
    isExecutable: (path) => description.executables[dirname(path)]?.includes(basename(path)) ?? path.startsWith('/'),
    users: () => description.users,
    groups: () => description.groups,
    caller: description.caller,
    privileged: description.privileged,
  };
}
