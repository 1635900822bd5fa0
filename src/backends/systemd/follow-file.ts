import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { StringDecoder } from 'node:string_decoder';
import type { LogOptions } from '../../deploy/types.ts';

const pollMs = 100;

/**
 * Writes the last lines of a log file, then (with follow) every new line until the signal aborts.
 * systemd only appends to it; when it shrinks (someone truncated it), reading starts over.
 */
export async function followFile(file: string, options: LogOptions, write: (line: string) => void): Promise<void> {
  const tail = await lastLines(file, options.lines);
  let position = tail.size;
  for (const line of tail.lines) write(line);
  if (!options.follow) return;
  const decoder = new StringDecoder('utf8');
  let partial = '';
  while (!options.signal?.aborted) {
    const size = (await stat(file).catch(() => null))?.size ?? 0;
    if (size < position) position = 0;
    if (size > position) {
      const chunk = await readFrom(file, position);
      if (chunk !== null) {
        position = chunk.size;
        const lines = (partial + decoder.write(chunk.bytes)).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) write(line);
      }
    }
    await sleep(pollMs, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }
  if (partial) write(partial);
}

/** The last `count` lines, read backwards in blocks: a log that was never rotated can be large. */
export async function lastLines(file: string, count: number): Promise<{ lines: string[]; size: number }> {
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return { lines: [], size: 0 };
  try {
    const { size } = await handle.stat();
    let position = size;
    const blocks: Buffer[] = [];
    let newlines = 0;
    // One newline more than lines wanted: the file's final newline ends the last line.
    while (position > 0 && newlines <= count) {
      const length = Math.min(64 * 1024, position);
      position -= length;
      const block = Buffer.alloc(length);
      await handle.read(block, 0, length, position);
      blocks.unshift(block);
      for (const byte of block) if (byte === 10) newlines += 1;
    }
    const lines = Buffer.concat(blocks).toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (position > 0) lines.shift();
    return { lines: count > 0 ? lines.slice(-count) : [], size };
  } finally {
    await handle.close();
  }
}

async function readFrom(file: string, from: number): Promise<{ bytes: Buffer; size: number } | null> {
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.alloc(Math.max(0, size - from));
    await handle.read(bytes, 0, bytes.length, from);
    return { bytes, size };
  } finally {
    await handle.close();
  }
}
