// The coordinator's record of what it deployed to the network: generations of the whole network,
// as the profiles of one machine are. A deploy plans against the current one and changes only what
// differs; rollback deploys an earlier one again.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ProcformError } from '../errors.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import type { StateFileFormat } from '../fs/state-file.ts';
import { readStateFile } from '../fs/state-file.ts';
import type { Container } from '../model/types.ts';
import type { InterDependency, Machines } from './types.ts';

/** One deployed service: where, in which container, and what its container type needs to (de)activate it. */
export interface ServiceRecord {
  key: string;
  type: string;
  machine: string;
  container: Container;
  /** Keys of the deployed services it depends on. */
  dependsOn: string[];
  /** Changes exactly when what is deployed changes: then the service is activated again. */
  digest: string;
  /** Process types: the services model on the machine, and what its constructor receives. */
  process?: {
    networkDir: string;
    modelFile: string;
    interDependencies: Record<string, InterDependency>;
    /** Where the container's deployment lives on the machine: procform's options (--state-dir, --runtime-dir, --profile). */
    deploymentOptions: string[];
  };
  /** File types: the name it gets in its container (a database, a web application) and its files on the machine. */
  content?: { name: string; files: string | null };
}

export interface NetworkRecord {
  formatVersion: 1;
  /** How to reach the machines, also those a later infrastructure no longer has. */
  machines: Machines;
  /** Dependencies first. */
  services: ServiceRecord[];
}

export interface NetworkGenerations {
  dir: string;
  name: string;
}

const recordFormat: StateFileFormat<NetworkRecord> = {
  what: 'the network deployment\'s record',
  versions: [1],
  schema: z.looseObject({
    formatVersion: z.literal(1),
    machines: z.record(z.string(), z.looseObject({ host: z.string() })),
    services: z.array(z.looseObject({ key: z.string(), type: z.string(), machine: z.string(), digest: z.string(), dependsOn: z.array(z.string()) })),
  }) as unknown as z.ZodType<NetworkRecord>,
  repair: 'Deploy another generation (procform deploy --rollback --to N), or remove the damaged file and the .current file beside it to start over: a deploy without a record activates every service again.',
};

export async function listNetworkGenerations({ dir, name }: NetworkGenerations): Promise<{ number: number; current: boolean }[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const current = await currentNetworkGeneration({ dir, name });
  return entries
    .map((entry) => new RegExp(`^${name}-(\\d+)\\.json$`).exec(entry)?.[1])
    .filter((number): number is string => number !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
    .map((number) => ({ number, current: number === current }));
}

export async function currentNetworkGeneration({ dir, name }: NetworkGenerations): Promise<number | undefined> {
  const text = await readFileOrNull(join(dir, `${name}.current`));
  return text === null ? undefined : Number(text.trim());
}

export async function readNetworkGeneration({ dir, name }: NetworkGenerations, number: number): Promise<NetworkRecord> {
  const record = await readStateFile(join(dir, `${name}-${number}.json`), recordFormat);
  if (record === null) {
    throw new ProcformError(`generation ${number} of the network deployment "${name}" does not exist in ${dir}`, {
      hint: `procform deploy --list-generations lists them. To start over (every service activated again), remove ${join(dir, `${name}.current`)}.`,
    });
  }
  return record;
}

/** Records a deployed network as a new generation and makes it current. */
export async function addNetworkGeneration(generations: NetworkGenerations, record: NetworkRecord): Promise<number> {
  const existing = await listNetworkGenerations(generations);
  const number = (existing.at(-1)?.number ?? 0) + 1;
  await writeFileAtomic(join(generations.dir, `${generations.name}-${number}.json`), `${JSON.stringify(record, null, 2)}\n`);
  await setCurrentNetworkGeneration(generations, number);
  return number;
}

export async function setCurrentNetworkGeneration(generations: NetworkGenerations, number: number): Promise<void> {
  await writeFileAtomic(join(generations.dir, `${generations.name}.current`), `${number}\n`);
}

/** Marks a deploy under way: a deploy that finds the mark knows the last one was interrupted and repairs. */
export function deployingMark({ dir, name }: NetworkGenerations): string {
  return join(dir, `${name}.deploying`);
}

export async function clearDeployingMark(generations: NetworkGenerations): Promise<void> {
  await rm(deployingMark(generations), { force: true });
}

async function readFileOrNull(file: string): Promise<string | null> {
  const { readFile } = await import('node:fs/promises');
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}
