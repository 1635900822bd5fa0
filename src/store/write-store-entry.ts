import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileNode, StoreEntry } from './store-entry.ts';
import { storePath } from './store-entry.ts';

/**
 * Writes an entry into the store unless it is already there, and returns its path. The entry is
 * built under a temporary name and renamed into place, so a reader (or a crash) never sees half of one.
 * Synchronous: the calls go to the page cache, and a build's hundreds of entries written one
 * promise per call spent more time in the thread pool's round trips than in the writing.
 * `storeDir` must exist (`PendingStore.flush` makes it once).
 */
export function writeStoreEntry(storeDir: string, entry: StoreEntry, path = storePath(storeDir, entry)): string {
  if (existsSync(path)) return path;
  const temporary = join(storeDir, `.tmp-${randomBytes(6).toString('hex')}-${entry.name}`);
  try {
    if (entry.content.kind === 'directory') {
      const made = new Set<string>([temporary]);
      mkdirSync(temporary);
      for (const [relative, node] of Object.entries(entry.content.entries)) {
        const target = join(temporary, relative);
        const folder = dirname(target);
        if (!made.has(folder)) {
          mkdirSync(folder, { recursive: true });
          made.add(folder);
        }
        writeNode(target, node);
      }
    } else {
      writeNode(temporary, entry.content);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    // Another build may have written the same entry meanwhile; identical content, so that is fine.
    if (existsSync(path)) return path;
    throw error;
  }
  return path;
}

function writeNode(path: string, node: FileNode): void {
  if (node.kind === 'symlink') {
    symlinkSync(node.target, path);
    return;
  }
  writeFileSync(path, node.text);
  // Read-only, as a reminder that store files are generated: edit the model, not the output. A
  // private file is for its owner alone (the store is world-readable otherwise).
  const readers = node.private ? 0o400 : 0o444;
  chmodSync(path, node.executable ? readers | (readers >> 2) : readers);
}
