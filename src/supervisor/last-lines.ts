import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The last `count` lines of a log, reading its rotated files (file.1, file.2, …) when the current
 * one has fewer. Reads backwards in blocks, so a large log costs only what is shown.
 */
export function lastLines(file: string, count: number, rotatedFiles = 0): string[] {
  const lines: string[] = [];
  for (let index = 0; index <= rotatedFiles && lines.length < count; index += 1) {
    const older = tailOfFile(index === 0 ? file : `${file}.${index}`, count - lines.length);
    lines.unshift(...older);
  }
  return lines;
}

function tailOfFile(file: string, count: number): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    let position = fstatSync(fd).size;
    const blocks: Buffer[] = [];
    let newlines = 0;
    // One newline more than lines wanted: the file's final newline ends the last line.
    while (position > 0 && newlines <= count) {
      const length = Math.min(64 * 1024, position);
      position -= length;
      const block = Buffer.alloc(length);
      readSync(fd, block, 0, length, position);
      blocks.unshift(block);
      for (const byte of block) if (byte === 10) newlines += 1;
    }
    const text = Buffer.concat(blocks).toString('utf8');
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (position > 0) lines.shift();
    return lines.slice(-count);
  } finally {
    closeSync(fd);
  }
}
