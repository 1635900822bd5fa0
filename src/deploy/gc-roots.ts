import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readJournal } from './journal.ts';

/**
 * Every profile the deployment may still need: all generations of every profile name in the
 * profiles folder, and both ends of any interrupted switch.
 */
export async function gcRoots(profilesDir: string): Promise<string[]> {
  const roots: string[] = [];
  for (const entry of await readdir(profilesDir).catch(() => [] as string[])) {
    if (/-\d+-link$/.test(entry)) roots.push(await readlink(join(profilesDir, entry)));
    if (entry.endsWith('.switching')) {
      const journal = await readJournal(join(profilesDir, entry));
      if (journal) roots.push(journal.to, ...(journal.from ? [journal.from] : []));
    }
  }
  return roots;
}
