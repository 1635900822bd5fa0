import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readFile } from 'node:fs/promises';

/** What procform-daemonize reports about its program, for `procform status`. */
export interface DaemonizeStatus {
  /** procform-daemonize's own PID (the one in the PID file). */
  supervisorPid: number;
  /** The program's PID, or null between runs. */
  pid: number | null;
  state: 'running' | 'backoff' | 'failed';
  /** Restarts since procform-daemonize started. */
  restarts: number;
  /** When the current run started (ms since the epoch). */
  startedAt: number | null;
  /** Why it failed or is waiting, in words. */
  reason?: string;
}

/**
 * Written to a temporary file and renamed, so a reader never sees half of it. Best effort: the
 * status file only informs `procform status`, it must never stop supervision.
 */
export function writeDaemonizeStatus(path: string, status: DaemonizeStatus): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(status)}\n`);
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

export function removeDaemonizeStatus(path: string): void {
  rmSync(path, { force: true });
}

export async function readDaemonizeStatus(path: string): Promise<DaemonizeStatus | null> {
  return readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as DaemonizeStatus,
    () => null,
  );
}
