import { open, readFile } from 'node:fs/promises';

/** Where a unit with `log` readiness notes the size of its log when a run starts. */
export function logMarkFile(runtimeDir: string, name: string): string {
  return `${runtimeDir}/procform-${name}.log-offset`;
}

/** What the current run wrote to the log: everything after the size noted in the mark file. */
export async function logSinceMark(logFile: string, markFile: string): Promise<string> {
  const mark = Number((await readFile(markFile, 'utf8').catch(() => '0')).trim()) || 0;
  const handle = await open(logFile, 'r').catch(() => null);
  if (handle === null) return '';
  try {
    const { size } = await handle.stat();
    // A log truncated since the mark was written starts over.
    const from = mark <= size ? mark : 0;
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
