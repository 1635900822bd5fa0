import { open, readFile } from 'node:fs/promises';

/** Which part of a log file a `log` readiness check reads. */
export interface LogWindow {
  /**
   * Where this run's output begins, in bytes: a log file is appended to across runs, and a line of
   * an earlier run must not pass for this one's. A file shorter than that was rotated or truncated
   * since, and counts whole.
   */
  offset?: number;
  /** A file holding that offset, written when the run starts (systemd's ExecStartPre=). */
  offsetFile?: string;
  /** Its lines start with a timestamp, which the pattern must not see. */
  timestamps?: boolean;
}

const timestampPrefix = /^\d{4}-\d\d-\d\dT[\d:.]+Z /gm;

/** `log` readiness reads a file when no supervisor captures the output. */
export function logFileOutput(file: string, window: LogWindow = {}): () => Promise<string> {
  return async () => {
    const offset = window.offsetFile === undefined ? (window.offset ?? 0) : Number((await readFile(window.offsetFile, 'utf8').catch(() => '0')).trim()) || 0;
    const handle = await open(file, 'r').catch(() => null);
    if (handle === null) return '';
    try {
      const { size } = await handle.stat();
      const from = offset <= size ? offset : 0;
      const buffer = Buffer.alloc(size - from);
      await handle.read(buffer, 0, buffer.length, from);
      const text = buffer.toString('utf8');
      return window.timestamps ? text.replace(timestampPrefix, '') : text;
    } finally {
      await handle.close();
    }
  };
}
