import { mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ProcformError } from '../errors.ts';
import type { WriteTextFileOptions } from '../model/types.ts';
import type { StoreEntry } from './store-entry.ts';
import { isValidStoreName, storePath } from './store-entry.ts';
import { writeStoreEntry } from './write-store-entry.ts';

/**
 * Collects the files a model asks for while it is evaluated. Paths are known at once (they are
 * content hashes), but nothing touches the disk until the whole build has been checked: a model
 * that fails writes nothing.
 */
export class PendingStore {
  readonly storeDir: string;
  readonly #entries = new Map<string, StoreEntry>();

  constructor(storeDir: string) {
    this.storeDir = storeDir;
  }

  add(entry: StoreEntry): string {
    if (!isValidStoreName(entry.name)) {
      throw new ProcformError(`"${entry.name}" is not a valid store file name`, {
        hint: 'Use letters, digits and the characters + . _ ? = - (no slashes or spaces).',
      });
    }
    const path = storePath(this.storeDir, entry);
    this.#entries.set(path, entry);
    return path;
  }

  writeTextFile({ name, text, executable = false, destination, private: ownerOnly = false }: WriteTextFileOptions): string {
    const file = { kind: 'file' as const, text, executable, ...(ownerOnly && { private: true }) };
    if (destination === undefined) return this.add({ name, content: file });
    const relative = destination.replace(/^\/+/, '');
    if (relative === '' || relative.split('/').some((part) => part === '..' || part === '')) {
      throw new ProcformError(`writeTextFile "${name}": destination "${destination}" must be a relative file path inside the entry`);
    }
    return this.add({ name, content: { kind: 'directory', entries: { [relative]: file } } });
  }

  writeScript(name: string, text: string): string {
    return this.writeTextFile({ name, text, executable: true });
  }

  /** Adds an entry whose path is known already (from the build cache): no hashing again. */
  addAt(path: string, entry: StoreEntry): void {
    this.#entries.set(path, entry);
  }

  /** The entry at a path this store collected. */
  entry(path: string): StoreEntry | undefined {
    return this.#entries.get(path);
  }

  has(path: string): boolean {
    return this.#entries.has(path);
  }

  /** Every collected entry by path, in a stable order: what an image copies instead of writing to disk. */
  entries(): [string, StoreEntry][] {
    return [...this.#entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Writes every collected entry the store lacks and returns the paths of all. What the store
   * holds is read once, not asked per entry: a build of 500 instances that changed one has 500
   * entries already there.
   */
  flush(): string[] {
    const paths = [...this.#entries.keys()].sort();
    const present = storeNames(this.storeDir);
    const missing = paths.filter((path) => dirname(path) !== this.storeDir || !present.has(basename(path)));
    if (missing.length > 0) mkdirSync(this.storeDir, { recursive: true });
    for (const path of missing) writeStoreEntry(this.storeDir, this.#entries.get(path)!, path);
    return paths;
  }
}

/** The names in the store folder (none when there is no store yet). */
function storeNames(storeDir: string): Set<string> {
  try {
    return new Set(readdirSync(storeDir));
  } catch {
    return new Set();
  }
}
