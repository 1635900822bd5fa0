import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const blockSize = 64 * 1024;

/** The end of a file: its last whole lines, where they end, and the line after them that has no newline yet. */
export interface Tail {
  lines: string[];
  /** Offset just after the last newline. */
  end: number;
  partial: string;
}

/**
 * The last `count` whole lines of an open file. Reads backwards in blocks, so a large log costs only
 * what is shown.
 */
export function tailOf(fd: number, count: number): Tail {
  let start = fstatSync(fd).size;
  const blocks: Buffer[] = [];
  let newlines = 0;
  // One newline more than lines wanted: it ends the line before the first one shown.
  while (start > 0 && newlines <= count) {
    const length = Math.min(blockSize, start);
    start -= length;
    const block = Buffer.alloc(length);
    readSync(fd, block, 0, length, start);
    blocks.unshift(block);
    for (const byte of block) if (byte === 10) newlines += 1;
  }
  const text = Buffer.concat(blocks);
  const complete = text.lastIndexOf(10) + 1;
  const lines = text.subarray(0, complete).toString('utf8').split('\n').slice(0, -1);
  // Not read from the file's start: the first piece is the end of a line not asked for.
  if (start > 0) lines.shift();
  return { lines: count > 0 ? lines.slice(-count) : [], end: start + complete, partial: text.subarray(complete).toString('utf8') };
}

/**
 * The last `count` lines of a log, reading its rotated files (file.1, file.2, … up to
 * `rotatedFiles`) when the current one has fewer. A last line without its newline is included.
 */
export function lastLines(file: string, count: number, rotatedFiles = 0): string[] {
  const lines = linesOf(file, count);
  return [...rotatedLines(file, count - lines.length, rotatedFiles), ...lines];
}

/** The last `count` lines of the rotated files file.1 … file.N together: what came before the current file. */
export function rotatedLines(file: string, count: number, rotatedFiles: number): string[] {
  const lines: string[] = [];
  for (let index = 1; index <= rotatedFiles && lines.length < count; index += 1) lines.unshift(...linesOf(`${file}.${index}`, count - lines.length));
  return lines;
}

function linesOf(file: string, count: number): string[] {
  if (count <= 0) return [];
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    // No such rotated file: nothing before it. Any other failure (permission) is reported.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const { lines, partial } = tailOf(fd, count);
    return (partial === '' ? lines : [...lines, partial]).slice(-count);
  } finally {
    closeSync(fd);
  }
}
