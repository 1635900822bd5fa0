import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogOptions } from '../deploy/types.ts';
import { lastLines, rotatedLines, tailOf } from './last-lines.ts';
import { pastLines, withTime } from './log-times.ts';

// Polled: fs.watch loses track of a file once it is renamed. Every 100 ms while lines come, slowing
// to every 500 ms while the file is quiet: `procform up` follows every instance's log at once, and
// 500 followers each allocating a buffer every 100 ms took CPU from the instances starting meanwhile.
const pollMs = 100;
const quietPollMs = 500;

/**
 * `procform logs` for a log file, whichever process manager writes it: the last lines (reaching into
 * up to `rotatedFiles` rotated files, file.1 the newest, when the current one has fewer), then with
 * follow every new line until the signal aborts. Follows across rotations: when the file is renamed
 * away, the rest of the old file is read through the open descriptor, then the files rotated since,
 * then the new file from its start; a file truncated in place is read again from its start.
 */
export async function writeLog(file: string, rotatedFiles: number, options: LogOptions, writeLine: (line: string) => void): Promise<void> {
  const timed = options.since !== undefined || options.timestamps === true;
  if (!options.follow) {
    if (timed) for (const past of pastLines(file, options.lines, rotatedFiles, options.since)) writeLine(options.timestamps ? withTime(past.line, past.writtenBy, '≤') : past.line);
    else for (const line of lastLines(file, options.lines, rotatedFiles)) writeLine(line);
    return;
  }
  // New lines: the time they are read is within a poll of their writing.
  const write = options.timestamps ? (line: string) => writeLine(withTime(line, Date.now(), '~')) : writeLine;
  let fd = tryOpen(file);
  let inode = fd === null ? null : fstatSync(fd).ino;
  // A last line without its newline is still being written: it is shown once it is whole.
  const tail = fd === null ? { lines: [], end: 0 } : tailOf(fd, timed ? 0 : options.lines);
  let position = tail.end;
  if (timed) for (const past of pastLines(file, options.lines, rotatedFiles, options.since)) writeLine(options.timestamps ? withTime(past.line, past.writtenBy, '≤') : past.line);
  else for (const line of [...rotatedLines(file, options.lines - tail.lines.length, rotatedFiles), ...tail.lines]) write(line);

  const decoder = new StringDecoder('utf8');
  let partial = '';
  const buffer = Buffer.allocUnsafe(64 * 1024);
  const drain = (descriptor: number, from: number): number => {
    for (;;) {
      const count = readSync(descriptor, buffer, 0, buffer.length, from);
      if (count === 0) return from;
      from += count;
      const lines = (partial + decoder.write(buffer.subarray(0, count))).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) write(line);
    }
  };
  try {
    let delay = pollMs;
    while (!options.signal?.aborted) {
      const before = position;
      if (fd !== null) position = drain(fd, position);
      const current = tryStat(file);
      if (current && current.ino !== inode) {
        if (fd !== null) {
          position = drain(fd, position);
          closeSync(fd);
          // Rotated more than once since the last look: the files between ours and the new one.
          for (const older of rotatedSince(file, inode!, rotatedFiles)) {
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
      delay = position !== before ? pollMs : Math.min(delay * 2, quietPollMs);
      await sleep(delay, undefined, { signal: options.signal }).catch(() => undefined);
    }
  } finally {
    if (fd !== null) closeSync(fd);
    if (partial) write(partial);
  }
}

/** Rotated files newer than the one with `inode` (file.1 is the newest), oldest first. */
function rotatedSince(file: string, inode: number, rotatedFiles: number): string[] {
  const newer: string[] = [];
  for (let index = 1; index <= rotatedFiles; index += 1) {
    const path = `${file}.${index}`;
    const stat = tryStat(path);
    if (!stat || stat.ino === inode) break;
    newer.unshift(path);
  }
  // Not found: ours fell off the end, so every rotated file is newer than it.
  return newer;
}

/** A missing file is not there yet (or rotated away); any other failure (permission) is an error to report. */
function tryOpen(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function tryStat(path: string): { ino: number; size: number } | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
