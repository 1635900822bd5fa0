import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { LogOptions } from '../../deploy/types.ts';
import { lastLines } from '../../supervisor/last-lines.ts';

const pollMs = 100;

/**
 * Writes the last lines of an instance's log, then (with follow) every new line until the signal
 * aborts. Follows across rotations: when the file is renamed away, the rest of the old file is
 * read through the open descriptor, then the files rotated since, then the new file from its start.
 */
export async function writeLog(file: string, keep: number, options: LogOptions, write: (line: string) => void): Promise<void> {
  let fd = tryOpen(file);
  let position = fd === null ? 0 : fstatSync(fd).size;
  let inode = fd === null ? null : fstatSync(fd).ino;
  for (const line of lastLines(file, options.lines, keep)) write(line);
  if (!options.follow) {
    if (fd !== null) closeSync(fd);
    return;
  }
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const emit = (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) write(line);
  };
  const drain = (descriptor: number, from: number): number => {
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const count = readSync(descriptor, buffer, 0, buffer.length, from);
      if (count === 0) return from;
      from += count;
      emit(decoder.write(buffer.subarray(0, count)));
    }
  };
  try {
    while (!options.signal?.aborted) {
      if (fd !== null) position = drain(fd, position);
      const current = tryStat(file);
      if (current && current.ino !== inode) {
        if (fd !== null) {
          position = drain(fd, position);
          closeSync(fd);
          // Rotated more than once since the last look: the files between ours and the new one.
          for (const older of rotatedSince(file, inode!, keep)) {
            const descriptor = tryOpen(older);
            if (descriptor === null) continue;
            drain(descriptor, 0);
            closeSync(descriptor);
          }
        }
        fd = tryOpen(file);
        inode = current.ino;
        position = 0;
        continue;
      }
      if (current && fd !== null && current.size < position) position = 0;
      await sleep(pollMs, options.signal);
    }
  } finally {
    if (fd !== null) closeSync(fd);
    if (partial) write(partial);
  }
}

/** Rotated files newer than the one with `inode` (file.1 is the newest), oldest first. */
function rotatedSince(file: string, inode: number, keep: number): string[] {
  const newer: string[] = [];
  for (let index = 1; index <= keep; index += 1) {
    const path = `${file}.${index}`;
    const stat = tryStat(path);
    if (!stat || stat.ino === inode) break;
    newer.unshift(path);
  }
  // Not found: ours fell off the end, so every rotated file is newer than it.
  return newer;
}

function tryOpen(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch {
    return null;
  }
}

function tryStat(path: string): { ino: number; size: number } | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
