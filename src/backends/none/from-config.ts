import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ModelError } from '../../errors.ts';
import type { ModelFunction } from '../../load/load-model.ts';
import { createManagedProcess } from '../../model/create-managed-process.ts';
import type { Instances, ManagedProcess, ManagedProcessParams } from '../../model/types.ts';

/**
 * Reads agnostic JSON configurations back into a processes model, following each dependency's
 * store path to its own JSON file (`<store path>/<name>.json`), as upstream's
 * create-managed-process-from-config does. Instances are keyed by process name.
 */
export async function modelFromAgnosticConfigs(files: string[]): Promise<ModelFunction> {
  const processes = new Map<string, ManagedProcess>();
  const instances: Instances = {};

  const load = async (file: string): Promise<ManagedProcess> => {
    const known = processes.get(file);
    if (known) return known;
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new ModelError(file, [{ message: `cannot read the agnostic configuration: ${(error as Error).message}` }], {
        hint: 'Build one with `procform build --process-manager none`.',
      });
    }
    const dependencyPaths = Array.isArray(config.dependencies) ? (config.dependencies as string[]) : [];
    const dependencies: ManagedProcess[] = [];
    for (const path of dependencyPaths) dependencies.push(await load(join(path, `${nameOfStorePath(path)}.json`)));
    // The JSON is validated like any model by the build that follows.
    const pkg = createManagedProcess({ ...(config as ManagedProcessParams), dependencies });
    processes.set(file, pkg);
    instances[basename(file, '.json')] = { pkg };
    return pkg;
  };

  for (const file of files) await load(file);
  return () => instances;
}

/** A store path's name: its base name without the 32-character hash and the dash after it. */
function nameOfStorePath(path: string): string {
  return basename(path).slice(33);
}
