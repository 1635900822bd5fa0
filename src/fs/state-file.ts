// Files procform writes and reads back later (manifests, the switch journal, the IDs file, the
// builtin supervisor's instance configurations, the accounts record) are read through a schema with
// a format version: a damaged file, or one written by a newer procform, is a clear error naming the
// file and what to do, never a crash or a silent default.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SchemaLike } from './light-schema.ts';
import { PermissionDeniedError, ProcformError } from '../errors.ts';

/** A file procform keeps is damaged, or of a format this procform does not read. */
export class StateFileError extends ProcformError {
  readonly file: string;

  constructor(file: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}

export interface StateFileFormat<T> {
  /** What the file is, for messages: "the switch journal". */
  what: string;
  /** The format versions this procform reads (their schema follows). */
  versions: readonly number[];
  /** The version a file without `formatVersion` has (files from before versions were written); none: required. */
  versionWhenMissing?: number;
  /** A zod schema, or a light one (light-schema.ts) for files the fast commands read. */
  schema: SchemaLike<T>;
  /** What to do about a damaged file. */
  repair: string;
}

/** Parses the text of a state file; throws a StateFileError naming the file and the first problem. */
export function parseStateFile<T>(file: string, text: string, format: StateFileFormat<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `${format.what} is damaged: it is not JSON (${(error as Error).message})`, { hint: format.repair, cause: error });
  }
  const declared = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { formatVersion?: unknown }).formatVersion : undefined;
  const version = declared ?? format.versionWhenMissing;
  if (typeof version !== 'number' || !format.versions.includes(version)) {
    throw new StateFileError(
      file,
      version === undefined ? `${format.what} is damaged: it has no formatVersion` : `${format.what} has format version ${JSON.stringify(version)}, which this procform does not read (it reads ${format.versions.join(', ')})`,
      { hint: typeof version === 'number' && version > Math.max(...format.versions) ? 'A newer procform wrote it: use that procform (or a newer one) for this deployment.' : format.repair },
    );
  }
  const result = format.schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new StateFileError(file, `${format.what} is damaged: ${field === '' ? '' : `field "${field}": `}${issue.message}`, { hint: format.repair });
  }
  return result.data;
}

/** Reads and parses a state file; null when it does not exist (and only then). */
export async function readStateFile<T>(file: string, format: StateFileFormat<T>): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw asStateFileReadError(file, format, error);
  }
  return parseStateFile(file, text, format);
}

/** readStateFile for code that cannot wait (the model's loading). */
export function readStateFileSync<T>(file: string, format: StateFileFormat<T>): T | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw asStateFileReadError(file, format, error);
  }
  return parseStateFile(file, text, format);
}

function asStateFileReadError(file: string, format: StateFileFormat<unknown>, error: unknown): ProcformError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return new PermissionDeniedError(file, `read ${format.what}`, { cause: error });
  return new StateFileError(file, `cannot read ${format.what}: ${(error as Error).message}`, { hint: format.repair, cause: error });
}
