// Log folders as s6-log and svlogd write them: the lines go to `current`; a rotation renames it to
// `@<TAI64N>.s` (or `.u` when cut short), so that names sort by age. `procform logs` reads them here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LogOptions } from '../deploy/types.ts';
import { lastLines } from './last-lines.ts';
import { writeLog } from './write-log.ts';

/** The rotated files of a log folder, oldest first. */
export function rotatedLogFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => /^@[0-9a-f]{24}\.[su]$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** `procform logs` for a log folder: the last lines, reaching into rotated files, then (with follow) what comes. */
export async function writeLogDir(dir: string, options: LogOptions, write: (line: string) => void): Promise<void> {
  const current = join(dir, 'current');
  const wanted = options.lines - lastLines(current, options.lines).length;
  if (wanted > 0 && options.since === undefined && !options.timestamps) {
    const earlier: string[] = [];
    for (const file of rotatedLogFiles(dir).reverse()) {
      if (earlier.length >= wanted) break;
      earlier.unshift(...lastLines(file, wanted - earlier.length));
    }
    for (const line of earlier) write(line);
  }
  await writeLog(current, 0, options, write);
}
