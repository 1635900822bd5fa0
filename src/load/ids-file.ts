import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { integer, looseObject, optional, record } from '../fs/light-schema.ts';
import type { StateFileFormat } from '../fs/state-file.ts';
import { readStateFileSync, StateFileError } from '../fs/state-file.ts';
import { writeFileAtomic } from '../fs/write-file-atomic.ts';
import type { IdsFile } from '../ids/assign-ids.ts';
import type { Ids } from '../model/types.ts';
import { stableJson } from '../store/stable-json.ts';

/**
 * The IDs file of a model: the one given, else `<model>.ids.json` beside it (so several models can
 * share a folder), else `ids.json` beside it. Undefined when there is none.
 */
export function findIdsFile(modelFile: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return explicit;
  const candidates = [modelIdsFile(modelFile), join(dirname(modelFile), 'ids.json')];
  return candidates.find((candidate) => existsSync(candidate));
}

/**
 * The IDs file that belongs to a model alone, where `procform ids assign` writes by default:
 * `ids.json` for the folder's default model (processes.ts), `<model>.ids.json` for any other, so
 * that assigning IDs for one model never prunes another model's IDs from a shared ids.json.
 */
export function ownIdsFile(modelFile: string): string {
  const base = basename(modelFile, extname(modelFile));
  return base === 'processes' ? join(dirname(modelFile), 'ids.json') : modelIdsFile(modelFile);
}

function modelIdsFile(modelFile: string): string {
  return join(dirname(modelFile), `${basename(modelFile, extname(modelFile))}.ids.json`);
}

const idsFileShape = looseObject<Partial<IdsFile>>({ ids: optional(record(record(integer()))), lastAssignments: optional(record(integer())) });

const idsFileFormat: StateFileFormat<IdsFile> = {
  what: 'the IDs file',
  versions: [1],
  // Upstream's ids.nix as JSON, and procform's files before they said their version.
  versionWhenMissing: 1,
  // A light schema (not zod): every build reads this file, and loading zod costs more than the rest
  // of an unchanged build. Missing maps are empty; other properties are dropped.
  schema: {
    safeParse(value) {
      const result = idsFileShape.safeParse(value);
      if (!result.success) return result;
      const { ids = {}, lastAssignments = {} } = result.data;
      return { success: true, data: { ids, lastAssignments } };
    },
  },
  repair: 'It maps each pool to { instance: integer }; fix it, or remove it and run `procform ids assign` (which assigns again from scratch).',
};

/** Reads a whole IDs file: { formatVersion: 1, ids: { pool: { instance: n } }, lastAssignments: { pool: n } }. */
export function readIdsFile(file: string): IdsFile {
  const read = readStateFileSync(file, idsFileFormat);
  if (read === null) throw new StateFileError(file, 'the IDs file does not exist', { hint: 'Give an existing file, or run `procform ids assign` to write one.' });
  return read;
}

/** Reads the `ids` part of an IDs file, the part a model sees as ctx.ids; {} when there is no file. */
export function readIds(file: string | undefined): Ids {
  return file === undefined ? {} : readIdsFile(file).ids;
}

/** Writes an IDs file with sorted keys and a trailing newline, so that it diffs well under version control. */
export async function writeIdsFile(file: string, ids: IdsFile): Promise<void> {
  await writeFileAtomic(file, stableJson({ formatVersion: 1, ids: ids.ids, lastAssignments: ids.lastAssignments }));
}
