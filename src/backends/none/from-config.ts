import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MANIFEST_FILE, readManifest } from '../../build/manifest.ts';
import { ModelError } from '../../errors.ts';
import type { ModelFunction } from '../../load/load-model.ts';
import { createManagedProcess } from '../../model/create-managed-process.ts';
import type { Instances, ManagedProcess, ManagedProcessParams } from '../../model/types.ts';

const buildHint = 'Build one with `procform build --process-manager none`.';

/**
 * Reads agnostic JSON configurations back into a processes model, following each dependency's
 * store path to its own JSON file (`<store path>/<name>.json`), as upstream's
 * create-managed-process-from-config does. An input is a JSON file, or a profile built with
 * `-P none` (its folder or its manifest.json), which stands for every instance in it. Files are
 * known by their real path, so a file reached both as an input and as a dependency (through the
 * profile's link and through the store) is one instance, whatever the order of the inputs.
 * Instances are keyed as in the profile's manifest, else by process name.
 */
export async function modelFromAgnosticConfigs(inputs: string[]): Promise<ModelFunction> {
  const keys = new Map<string, string>();
  for (const input of inputs) {
    for (const { file, key } of await configFilesOf(input)) keys.set(await realFile(file), key);
  }

  const processes = new Map<string, ManagedProcess>();
  const instances: Instances = {};
  const load = async (file: string): Promise<ManagedProcess> => {
    const real = await realFile(file);
    const known = processes.get(real);
    if (known) return known;
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(await readFile(real, 'utf8'));
    } catch (error) {
      throw new ModelError(file, [{ message: `cannot read the agnostic configuration: ${(error as Error).message}` }], { hint: buildHint });
    }
    const dependencyPaths = Array.isArray(config.dependencies) ? (config.dependencies as string[]) : [];
    const dependencies: ManagedProcess[] = [];
    for (const path of dependencyPaths) dependencies.push(await load(join(path, `${nameOfStorePath(path)}.json`)));
    // The JSON is validated like any model by the build that follows.
    const pkg = createManagedProcess({ ...(config as ManagedProcessParams), dependencies });
    processes.set(real, pkg);
    instances[keys.get(real) ?? basename(real, '.json')] = { pkg };
    return pkg;
  };

  for (const file of [...keys.keys()].sort()) await load(file);
  return () => instances;
}

/** The JSON files an input stands for, with their instance keys. */
async function configFilesOf(input: string): Promise<{ file: string; key: string }[]> {
  const info = await stat(input).catch((error: Error) => {
    throw new ModelError(input, [{ message: `cannot read the agnostic configuration: ${error.message}` }], { hint: buildHint });
  });
  const profile = info.isDirectory() ? input : basename(input) === MANIFEST_FILE ? dirname(input) : undefined;
  if (profile === undefined) return [{ file: input, key: basename(input, '.json') }];
  const manifest = await readManifest(profile);
  if (manifest.processManager !== 'none') {
    throw new ModelError(input, [{ message: `is a profile built for ${manifest.processManager}, not agnostic JSON` }], { hint: buildHint });
  }
  return manifest.startOrder.map((key) => {
    const { storePath, name } = manifest.instances[key]!;
    return { file: join(storePath, `${name}.json`), key };
  });
}

async function realFile(file: string): Promise<string> {
  return realpath(file).catch(() => file);
}

/** A store path's name: its base name without the 32-character hash and the dash after it. */
function nameOfStorePath(path: string): string {
  return basename(path).slice(33);
}
