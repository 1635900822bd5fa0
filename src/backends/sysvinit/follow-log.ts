// `procform logs` for init scripts: the last lines of the instance's log file and, with --follow,
// new lines as they come, across rotations (name.log renamed to name.log.1 and started afresh)
// and truncations. Polls: fs.watch loses track of renamed files.
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogOptions } from '../../deploy/types.ts';

const pollMs = 200;
const chunkSize = 64 * 1024;

export async function readLog(path: string, options: LogOptions, write: (line: string) => void): Promise<void> {
  let handle = await open(path, 'r').catch(() => null);
  let position = 0;
  let pending = '';
  if (handle !== null) {
    const tail = await lastLines(handle, (await handle.stat()).size, options.lines);
    // Following, a last line without its newline is shown once it is whole; else as it is now.
    const lines = options.follow || tail.partial === '' ? tail.lines : [...tail.lines, tail.partial];
    (options.lines > 0 ? lines.slice(-options.lines) : []).forEach((line) => write(line));
    position = tail.end;
  }
  if (!options.follow) return void (await handle?.close());
  const decoder = new StringDecoder('utf8');

  try {
    for (;;) {
      if (handle !== null) {
        const { bytes, end } = await readFrom(handle, position);
        position = end;
        const lines = (pending + decoder.write(bytes)).split('\n');
        pending = lines.pop()!;
        lines.forEach((line) => write(line));
      }
      const current = await stat(path).catch(() => null);
      const opened = handle === null ? null : await handle.stat();
      if (current !== null && (opened === null || current.ino !== opened.ino)) {
        // Rotated (or created): what was left in the old file has just been read.
        await handle?.close();
        handle = await open(path, 'r').catch(() => null);
        position = 0;
      } else if (current !== null && current.size < position) {
        position = 0; // truncated
      }
      await sleep(pollMs, undefined, { signal: options.signal });
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    if (pending !== '') write(pending);
    await handle?.close();
  }
}

/** At least the last `count` complete lines before `size` (read backwards in chunks), where they end, and what follows them. */
async function lastLines(handle: FileHandle, size: number, count: number): Promise<{ lines: string[]; end: number; partial: string }> {
  let start = size;
  let buffer = Buffer.alloc(0);
  const newlines = () => buffer.reduce((total, byte) => total + (byte === 10 ? 1 : 0), 0);
  while (start > 0 && newlines() <= count) {
    const length = Math.min(chunkSize, start);
    start -= length;
    const chunk = Buffer.alloc(length);
    await handle.read(chunk, 0, length, start);
    buffer = Buffer.concat([chunk, buffer]);
  }
  // A last line without its newline is still being written: follow mode reads it when it is whole.
  const complete = buffer.lastIndexOf(10) + 1;
  const lines = buffer.subarray(0, complete).toString('utf8').split('\n').slice(0, -1);
  return { lines, end: start + complete, partial: buffer.subarray(complete).toString('utf8') };
}

async function readFrom(handle: FileHandle, position: number): Promise<{ bytes: Buffer; end: number }> {
  const chunks: Buffer[] = [];
  let end = position;
  for (;;) {
    const chunk = Buffer.alloc(chunkSize);
    const { bytesRead } = await handle.read(chunk, 0, chunkSize, end);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    end += bytesRead;
  }
  return { bytes: Buffer.concat(chunks), end };
}
