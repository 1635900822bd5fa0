// The one PID-file writer of the shared runtime (procform-daemonize's; init scripts read it).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** Written to a temporary file and renamed: a reader never sees it half-written, and a link planted in /tmp is replaced, not followed. */
export function writeOwnPidFile(path: string, pid = process.pid): void {
  const temporary = `${path}.${pid}.tmp`;
  writeFileSync(temporary, `${pid}\n`, { flag: 'wx' });
  renameSync(temporary, path);
}

/** Removes the PID file if it still names `pid`: another process may have taken it over since. */
export function removeOwnPidFile(path: string, pid = process.pid): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(pid)) rmSync(path);
  } catch {
    // Already gone (killproc removes it too).
  }
}
