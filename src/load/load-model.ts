import { existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type * as Jiti from 'jiti';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ModelError } from '../errors.ts';
import { cachedTransform } from './transform-cache.ts';
import type { Instances, ProcessContext, ProcessesModel } from '../model/types.ts';

// A model imports 'procform' and 'procform/services'. They resolve to this very installation,
// whether procform runs from its sources (tests) or from its build, wherever the model lives.
const ownExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const packageModule = (relative: string) => fileURLToPath(new URL(`${relative}${ownExtension}`, import.meta.url));
const aliases = {
  'procform/services': packageModule('../../services/index'),
  'procform/testing': packageModule('../testing/index'),
  procform: packageModule('../index'),
};

export type ModelFunction = (ctx: ProcessContext) => Instances;

/**
 * Loads a processes model from a TypeScript or JavaScript file, without a build step.
 * The default export is a defineProcesses(...) result or a plain function of the context.
 */
export async function loadModel(file: string): Promise<ModelFunction> {
  if (!existsSync(file)) {
    throw new ModelError(file, [{ message: 'the processes model does not exist' }], {
      hint: 'Pass the path of a processes model, set PROCFORM_PROCESSES, or run procform in a folder that has processes.ts.',
    });
  }
  let exported: unknown;
  try {
    exported = await importWithProcform(file);
  } catch (error) {
    throw new ModelError(file, [{ message: `the processes model failed to load: ${describe(error)}` }], { cause: error });
  }
  if (typeof exported === 'function') return exported as ModelFunction;
  if (typeof exported === 'object' && exported !== null && (exported as ProcessesModel).kind === 'processes-model') {
    return (exported as ProcessesModel).instances;
  }
  throw new ModelError(file, [{ message: 'the default export is not a processes model' }], {
    hint: 'Export one: `export default defineProcesses((ctx) => ({ ... }))`.',
  });
}

/**
 * Imports a TypeScript or JavaScript file's default export without a build step, with `procform`,
 * `procform/services` and `procform/testing` resolving to this installation (models, test files).
 */
export async function importWithProcform(file: string): Promise<unknown> {
  // No module cache: a long-running caller (tests, `procform up`) must see the file as it is now.
  // The transformed code is cached on disk, keyed by the file's content (transform-cache.ts):
  // transforming is most of loading a model (a 500-instance file takes babel most of a second).
  // Required, not imported: importing jiti's 2 MB CommonJS bundle from ESM makes Node scan it for
  // its exports first, which costs more than loading it.
  const { createJiti } = createRequire(import.meta.url)('jiti') as typeof Jiti;
  const jiti = createJiti(import.meta.url, { alias: aliases, moduleCache: false, fsCache: false, transform: cachedTransform(transformCacheDir()), interopDefault: true });
  return jiti.import(file, { default: true });
}

/** The user's own cache folder: a shared one (/tmp) would let another user plant code a model then runs. */
function transformCacheDir(): string {
  const own = join(process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), '.cache'), 'procform');
  // jiti's own cache, which earlier versions kept there (keyed by path, it grew to megabytes): nothing
  // reads it now. Once gone, this costs one failed lstat.
  try {
    rmSync(join(own, 'jiti'), { recursive: true, force: true });
  } catch {
    // Not ours to remove: it is left, as it harms nothing.
  }
  return join(own, 'transformed');
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
