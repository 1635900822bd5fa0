import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import { ProcformError } from '../../errors.ts';
import type { StoreEntry } from '../../store/store-entry.ts';
import { storePath } from '../../store/store-entry.ts';
import { writeStoreEntry } from '../../store/write-store-entry.ts';

/**
 * The machine's side of a network deploy's closure copy: store entries as JSON lines
 * (`{ path, entry }`) on standard input. Every entry is checked first (its path must be the hash of
 * its content, in this store); only then is any written, each atomically.
 */
export async function receiveStore(flags: { storeDir: string }): Promise<void> {
  const storeDir = resolve(flags.storeDir);
  const received: { path: string; entry: StoreEntry }[] = [];
  for (const [index, line] of (await text(process.stdin)).split('\n').entries()) {
    if (line.trim() === '') continue;
    let item: { path?: unknown; entry?: StoreEntry };
    try {
      item = JSON.parse(line) as typeof item;
    } catch {
      throw new ProcformError(`line ${index + 1} of the store entries is not JSON`, { hint: 'procform deploy sends them; run it again.' });
    }
    const { path, entry } = item;
    if (typeof path !== 'string' || entry === undefined || dirname(path) !== storeDir || storePath(storeDir, entry) !== path) {
      throw new ProcformError(`store entry ${String(path)} does not match its content (or is not in ${storeDir}): nothing was written`, {
        hint: 'The coordinator and this machine disagree on the store: check that both run the same procform version.',
      });
    }
    received.push({ path, entry });
  }
  mkdirSync(storeDir, { recursive: true });
  for (const { path, entry } of received) writeStoreEntry(storeDir, entry, path);
  process.stderr.write(`received ${received.length} store entries\n`);
}
