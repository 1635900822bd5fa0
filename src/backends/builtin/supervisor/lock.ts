import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { isSameProcess, readProcStat } from '../../../process/proc-stat.ts';

/** The supervisor recorded in a lock file, if it still runs. */
export function runningSupervisor(pidFile: string): number | null {
  try {
    const [pid, startTime] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    return pid !== undefined && startTime !== undefined && isSameProcess(pid, startTime) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * One supervisor per state folder: the lock is a file created exclusively holding "PID START_TIME".
 * A lock whose process is gone (or is another process with a recycled PID) is stale and taken over.
 */
export function acquireLock(pidFile: string): boolean {
  const self = readProcStat(process.pid)!;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(pidFile, 'wx', 0o600);
      writeSync(fd, `${self.pid} ${self.startTime}\n`);
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (runningSupervisor(pidFile) !== null) return false;
      rmSync(pidFile, { force: true });
    }
  }
  return false;
}

export function releaseLock(pidFile: string): void {
  if (runningSupervisor(pidFile) === process.pid) rmSync(pidFile, { force: true });
}
