import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readJournal } from './journal.ts';

/**
 * Every profile the deployment may still need: all generations of every profile name in the
 * profiles folder, and both ends of any interrupted switch.
 */
export async function gcRoots(profilesDir: string): Promise<string[]> {
  const roots: string[] = [];
  // Only a missing folder means no roots: an unreadable one must not make every entry garbage.
  const entries = await readdir(profilesDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  for (const entry of entries) {
    if (/-\d+-link$/.test(entry)) roots.push(await readlink(join(profilesDir, entry)));
    if (entry.endsWith('.switching')) {
      const journal = await readJournal(join(profilesDir, entry));
      if (journal) roots.push(journal.to, ...(journal.from ? [journal.from] : []));
    }
  }
  return roots;
}
