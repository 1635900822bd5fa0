// `procform logs` for supervisord programs: the last lines of the program's log file (reaching
// into the newest rotated file when the current one is short), then, when following, new lines as
// they are written, across supervisord's rotations (it renames the file to .1 and starts a new one).
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogOptions } from '../../deploy/types.ts';

const pollMs = 200;

export async function writeLogLines(file: string, options: LogOptions, write: (line: string) => void): Promise<void> {
  let offset = 0;
  let handle: FileHandle | undefined;
  try {
    if (options.lines > 0) {
      const current = await readWhole(file);
      let lines = splitLines(current.text);
      if (lines.length < options.lines) lines = [...splitLines((await readWhole(`${file}.1`)).text), ...lines];
      for (const line of lines.slice(-options.lines)) write(line);
      offset = current.size;
    } else {
      offset = (await stat(file).catch(() => null))?.size ?? 0;
    }
    if (!options.follow) return;

    let inode: number | null = null;
    let pending = Buffer.alloc(0);
    const drain = async (from: FileHandle): Promise<void> => {
      for (;;) {
        const chunk = Buffer.alloc(64 * 1024);
        const { bytesRead } = await from.read(chunk, 0, chunk.length, offset);
        if (bytesRead === 0) return;
        offset += bytesRead;
        pending = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
        let newline: number;
        while ((newline = pending.indexOf(0x0a)) !== -1) {
          write(pending.subarray(0, newline).toString('utf8'));
          pending = pending.subarray(newline + 1);
        }
      }
    };
    while (!options.signal?.aborted) {
      const info = await stat(file).catch(() => null);
      if (info && handle && info.ino !== inode) {
        // Rotated: finish the old file (still open), then continue with the new one from its start.
        await drain(handle);
        await handle.close();
        handle = undefined;
        offset = 0;
      }
      if (info && !handle) {
        handle = await open(file, 'r').catch(() => undefined);
        inode = info.ino;
        if (offset > info.size) offset = 0;
      }
      if (handle) {
        if (info && info.size < offset) offset = 0; // truncated in place
        await drain(handle);
      }
      await sleep(pollMs, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
    }
  } finally {
    await handle?.close();
  }
}

async function readWhole(file: string): Promise<{ text: string; size: number }> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return { text: '', size: 0 };
  try {
    const buffer = await handle.readFile();
    return { text: buffer.toString('utf8'), size: buffer.length };
  } finally {
    await handle.close();
  }
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
