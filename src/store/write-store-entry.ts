import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileNode, StoreEntry } from './store-entry.ts';
import { storePath } from './store-entry.ts';

/**
 * Writes an entry into the store unless it is already there, and returns its path. The entry is
 * built under a temporary name and renamed into place, so a reader (or a crash) never sees half of one.
 */
export async function writeStoreEntry(storeDir: string, entry: StoreEntry, path = storePath(storeDir, entry)): Promise<string> {
  if (await exists(path)) return path;
  await mkdir(storeDir, { recursive: true });
  const temporary = join(storeDir, `.tmp-${randomBytes(6).toString('hex')}-${entry.name}`);
  try {
    if (entry.content.kind === 'directory') {
      await mkdir(temporary);
      for (const [relative, node] of Object.entries(entry.content.entries)) {
        const target = join(temporary, relative);
        await mkdir(dirname(target), { recursive: true });
        await writeNode(target, node);
      }
    } else {
      await writeNode(temporary, entry.content);
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    // Another build may have written the same entry meanwhile; identical content, so that is fine.
    if (await exists(path)) return path;
    throw error;
  }
  return path;
}

async function writeNode(path: string, node: FileNode): Promise<void> {
  if (node.kind === 'symlink') {
    await symlink(node.target, path);
    return;
  }
  await writeFile(path, node.text);
  // Read-only, as a reminder that store files are generated: edit the model, not the output. A
  // private file is for its owner alone (the store is world-readable otherwise).
  const readers = node.private ? 0o400 : 0o444;
  await chmod(path, node.executable ? readers | (readers >> 2) : readers);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
