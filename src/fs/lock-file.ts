import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcformError } from '../errors.ts';
import { isRunning, isSameProcess, readProcStat } from '../process/proc-stat.ts';

export interface LockOptions {
  /** What the lock guards, for the error: "this deployment". */
  guards?: string;
  /** Wait up to this long for the holder to finish instead of failing at once. */
  waitMs?: number;
}

/**
 * Takes a lock file holding "PID START_TIME" of its holder: one switch, rollback or gc at a time
 * per deployment (and one change of the accounts record at a time per machine). A lock whose holder
 * is gone, or whose PID now belongs to another process (a recycled PID: the start time differs),
 * is taken over, as the supervisor's lock does.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  const self = readProcStat(process.pid)!;
  const deadline = Date.now() + (options.waitMs ?? 0);
  // Written whole first, then linked into place: the lock never exists without its holder in it.
  const written = `${path}.${self.pid}.tmp`;
  await writeFile(written, `${self.pid} ${self.startTime}\n`, { mode: 0o644 });
  try {
    for (;;) {
      const taken = await link(written, path).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') return false;
          throw error;
        },
      );
      if (taken) {
        return async () => {
          if ((await lockHolder(path))?.pid === self.pid) await rm(path, { force: true });
        };
      }
      await waitForHolder(path, deadline, options.guards ?? 'this deployment');
    }
  } finally {
    await rm(written, { force: true });
  }
}

/** Returns once the lock may be free (its holder is gone: the stale lock is removed), or throws at the deadline. */
async function waitForHolder(path: string, deadline: number, guards: string): Promise<void> {
  for (;;) {
    const holder = await lockHolder(path);
    if (holder === undefined) return;
    if (holder === null || !holderRuns(holder)) {
      // Stale: its holder was killed. Remove it only if it is still the stale one we read.
      const again = await lockHolder(path);
      if (again?.pid === holder?.pid) await rm(path, { force: true });
      return;
    }
    if (Date.now() >= deadline) {
      throw new ProcformError(`another procform (PID ${holder.pid}) is changing ${guards}`, {
        hint: `Wait for it to finish. If PID ${holder.pid} is not procform, remove ${path}.`,
      });
    }
    await sleep(50);
  }
}

interface LockHolder {
  pid: number;
  /** Absent in locks written by procform before it recorded start times. */
  startTime?: number;
}

function holderRuns(holder: LockHolder): boolean {
  return holder.startTime === undefined ? isRunning(holder.pid) : isSameProcess(holder.pid, holder.startTime);
}

/** The holder a lock file names; undefined when there is no lock, null when it names none. */
async function lockHolder(path: string): Promise<LockHolder | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const match = /^(\d+)(?: (\d+))?\n$/.exec(text);
  if (!match) return null;
  return match[2] === undefined ? { pid: Number(match[1]) } : { pid: Number(match[1]), startTime: Number(match[2]) };
}
