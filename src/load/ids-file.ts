import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ModelError } from '../errors.ts';
import type { Ids } from '../model/types.ts';

/**
 * The IDs file of a model: the one given, else `<model>.ids.json` beside it (so several models can
 * share a folder), else `ids.json` beside it. Undefined when there is none.
 */
export function findIdsFile(modelFile: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return explicit;
  const folder = dirname(modelFile);
  const candidates = [join(folder, `${basename(modelFile, extname(modelFile))}.ids.json`), join(folder, 'ids.json')];
  return candidates.find((candidate) => existsSync(candidate));
}

/** Reads the `ids` part of an IDs file: { ids: { pool: { instance: n } }, lastAssignments }. */
export function readIds(file: string | undefined): Ids {
  if (file === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ModelError(file, [{ message: `the IDs file cannot be read: ${(error as Error).message}` }]);
  }
  const ids = (parsed as { ids?: unknown })?.ids ?? {};
  const valid =
    typeof ids === 'object' &&
    ids !== null &&
    Object.values(ids).every(
      (pool) => typeof pool === 'object' && pool !== null && Object.values(pool).every((id) => Number.isInteger(id)),
    );
  if (!valid) {
    throw new ModelError(file, [{ field: 'ids', message: 'must map each pool to { instance: integer }' }], {
      hint: 'Regenerate it with `procform ids assign`.',
    });
  }
  return ids as Ids;
}
