// Removes store entries that no kept generation needs, like nix-collect-garbage: the roots are the
// generations' profiles (and an interrupted switch's), the live set is everything they reference,
// found by scanning file contents and link targets for store paths. State folders are never touched.
// It fails closed: an entry it cannot read stops the collection before anything is removed, since
// its references are unknown and any other entry may be one of them.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ProcformError } from '../errors.ts';

export interface GarbageReport {
  removed: string[];
  kept: number;
}

/** Entries younger than this are kept: a build may be writing them right now, before any generation uses them. */
const gracePeriodMs = 10 * 60 * 1000;

export async function collectGarbage(storeDir: string, roots: readonly string[], now = Date.now()): Promise<GarbageReport> {
  const entries = await readdir(storeDir).catch(() => [] as string[]);
  const live = new Set<string>();
  const pending = roots.map((root) => entryName(storeDir, root)).filter((name): name is string => name !== undefined);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (live.has(name)) continue;
    live.add(name);
    for (const reference of await referencesOf(storeDir, join(storeDir, name))) if (!live.has(reference)) pending.push(reference);
  }
  const removed: string[] = [];
  for (const name of entries) {
    if (live.has(name)) continue;
    const path = join(storeDir, name);
    const info = await lstat(path).catch(() => undefined);
    if (!info || now - info.mtimeMs < gracePeriodMs) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return { removed: removed.sort(), kept: live.size };
}

/** The store entry (its folder name in the store) that a path points into, if it is in the store. */
function entryName(storeDir: string, path: string): string | undefined {
  const prefix = `${storeDir}/`;
  if (!path.startsWith(prefix)) return undefined;
  return path.slice(prefix.length).split('/')[0];
}

/** Store names are at most this long (isValidStoreName), so a reference never spans more than this. */
const longestReference = 32 + 1 + 200;

async function referencesOf(storeDir: string, path: string): Promise<Set<string>> {
  const references = new Set<string>();
  const pattern = new RegExp(`${escape(storeDir)}/([0-9a-z]{32}-[A-Za-z0-9+._?=-]+)`, 'g');
  const scan = (text: string) => {
    for (const match of text.matchAll(pattern)) references.add(match[1]!);
  };
  const visit = async (current: string): Promise<void> => {
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      // A referenced entry that is not in the store holds nothing to keep.
      if (error.code === 'ENOENT' && current === path) return undefined;
      throw unreadable(current, error);
    });
    if (!info) return;
    if (info.isSymbolicLink()) scan(await readlink(current).catch((error: unknown) => Promise.reject(unreadable(current, error))));
    else if (info.isDirectory()) {
      const children = await readdir(current).catch((error: unknown) => Promise.reject(unreadable(current, error)));
      for (const child of children) await visit(join(current, child));
    } else if (info.isFile()) await scanFile(current, scan).catch((error: unknown) => Promise.reject(unreadable(current, error)));
  };
  await visit(path);
  return references;
}

/**
 * Scans a file of any size in chunks, each searched with the end of the one before it, so that a
 * reference split between two chunks is found too (a match ends with a name character, so the
 * last `longestReference` characters of a chunk may be a cut-off reference).
 */
async function scanFile(file: string, scan: (text: string) => void): Promise<void> {
  let carried = '';
  for await (const chunk of createReadStream(file, { encoding: 'latin1', highWaterMark: 1024 * 1024 })) {
    const text = carried + (chunk as string);
    scan(text);
    carried = text.slice(-longestReference - 1);
  }
}

function unreadable(path: string, error: unknown): ProcformError {
  return new ProcformError(`garbage collection stopped before removing anything: cannot read ${path}: ${(error as Error).message}`, {
    hint: 'A live store entry that cannot be read might reference any other entry. Fix its permissions (or remove it if it is garbage) and run gc again.',
    cause: error,
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
