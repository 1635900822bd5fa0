import { lstat, rename, symlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';

/** Points `link` at `target`, replacing an earlier link atomically but never a real file or folder. */
export async function makeOutLink(link: string, target: string): Promise<void> {
  const path = resolve(link);
  const existing = await lstat(path).catch(() => undefined);
  if (existing && !existing.isSymbolicLink()) {
    throw new UsageError(`${path} exists and is not a symbolic link; procform will not replace it`, { hint: 'Choose another --out path.' });
  }
  const temporary = `${path}.tmp-${process.pid}`;
  await symlink(target, temporary);
  await rename(temporary, path);
}
