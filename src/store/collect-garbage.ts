// Removes store entries that no kept generation needs, like nix-collect-garbage: the roots are the
// generations' profiles (and an interrupted switch's), the live set is everything they reference,
// found by scanning file contents and link targets for store paths. State folders are never touched.
import { lstat, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

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

async function referencesOf(storeDir: string, path: string): Promise<Set<string>> {
  const references = new Set<string>();
  const pattern = new RegExp(`${escape(storeDir)}/([0-9a-z]{32}-[A-Za-z0-9+._?=-]+)`, 'g');
  const scan = (text: string) => {
    for (const match of text.matchAll(pattern)) references.add(match[1]!);
  };
  const visit = async (current: string): Promise<void> => {
    const info = await lstat(current).catch(() => undefined);
    if (!info) return;
    if (info.isSymbolicLink()) scan(await readlink(current));
    else if (info.isDirectory()) for (const child of await readdir(current)) await visit(join(current, child));
    else if (info.isFile() && (await stat(current)).size < 64 * 1024 * 1024) scan(await readFile(current, 'latin1'));
  };
  await visit(path);
  return references;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
