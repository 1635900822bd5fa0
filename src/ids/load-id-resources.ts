import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { createJiti } from 'jiti';
import { describe } from '../load/load-model.ts';
import { IdResourcesError } from './errors.ts';
import type { IdResources } from './id-resources.ts';
import { validateIdResources } from './id-resources.ts';

const CANDIDATES = ['idresources.ts', 'idresources.mts', 'idresources.js', 'idresources.mjs', 'idresources.json'];

/** The ID resources of a model: the file given, else idresources.{ts,js,json} beside the model (as upstream keeps idresources.nix). */
export function findIdResourcesFile(modelFile: string, explicit?: string): string {
  if (explicit !== undefined) return explicit;
  const folder = dirname(modelFile);
  const found = CANDIDATES.map((name) => join(folder, name)).find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new IdResourcesError(join(folder, 'idresources.ts'), [{ message: 'there is no ID resources file beside the model' }], {
      hint: 'Create idresources.ts (export default { webappPorts: { min: 5000, max: 6000 } }) or idresources.json, or pass --id-resources FILE.',
    });
  }
  return found;
}

/** Loads and validates an ID resources file: JSON, or a TypeScript/JavaScript module whose default export is the pools. */
export async function loadIdResources(file: string): Promise<IdResources> {
  if (!existsSync(file)) throw new IdResourcesError(file, [{ message: 'the ID resources file does not exist' }]);
  let value: unknown;
  try {
    if (extname(file) === '.json') {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } else {
      // No module cache: `ids assign` must see the file as it is now, also when called repeatedly from one process.
      const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault: true });
      value = await jiti.import(file, { default: true });
    }
  } catch (error) {
    throw new IdResourcesError(file, [{ message: `the ID resources file failed to load: ${describe(error)}` }], { cause: error });
  }
  return validateIdResources(file, value);
}
