import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file under a temporary name beside it, flushes it, and renames it into place, so that a
 * reader (or a crash) sees the old content or the new one, never half of it. `durable: false` skips
 * the flush, for caches that check what they read (a crash may then leave an empty or older file).
 */
export async function writeFileAtomic(path: string, text: string, mode = 0o644, { durable = true }: { durable?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(temporary, 'w', mode);
    try {
      await handle.writeFile(text);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
