// What a driver needs to know about a built instance beyond the manifest (overrides may have changed
// it): a JSON file in the instance's store entry, share/procform-<backend>/<name>.json.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestInstance } from '../build/manifest.ts';
import { ProcformError } from '../errors.ts';

export interface InstanceInfoFile<T> {
  /** Where render writes the info of the process `name`, relative to the store entry. */
  path(name: string): string;
  /** The info of the one process in an instance's store entry. */
  read(storePath: string): Promise<T>;
  /** The same for a deployed instance, or an error naming it, `what` could not be read, and what to do. */
  readFor(entry: ManifestInstance, what: string): Promise<T>;
}

export function instanceInfoFile<T>(backend: string): InstanceInfoFile<T> {
  const folder = `share/procform-${backend}`;
  const read = async (storePath: string): Promise<T> => {
    const [file] = await readdir(join(storePath, folder));
    return JSON.parse(await readFile(join(storePath, folder, file!), 'utf8')) as T;
  };
  return {
    path: (name) => `${folder}/${name}.json`,
    read,
    readFor: (entry, what) =>
      read(entry.storePath).catch((error: unknown) => {
        throw new ProcformError(`instance "${entry.instance}": cannot read ${what} in ${entry.storePath}: ${(error as Error).message}`, {
          hint: 'Its store entry is gone or damaged. Stop its process by hand (see its PID file), then switch again.',
          cause: error,
        });
      }),
  };
}
