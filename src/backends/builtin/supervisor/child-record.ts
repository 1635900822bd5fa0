import { closeSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import type { EventLog } from './events.ts';
import { groupMembers, isSameProcess, readProcStat } from '../../../process/proc-stat.ts';

export interface RecordedGroup {
  instance: string;
  pgid: number;
  /** Start time (clock ticks after boot) of the group's first process: members started at or after it. */
  since: number;
  signal: string;
  timeoutMs: number;
}

/** The whole record: the file's first line, as it is rewritten. (Earlier supervisors wrote only this line.) */
interface Snapshot {
  supervisor: { pid: number; startTime: number };
  guardian: { pid: number; startTime: number } | null;
  groups: RecordedGroup[];
}

/** A change since the snapshot: one line appended per change. */
type Change = { add: RecordedGroup } | { remove: number } | { guardian: { pid: number; startTime: number } | null };

/** Appended lines after which the file is rewritten as one snapshot (also at every supervisor start). */
const compactAfterLines = 1000;

/**
 * The process groups the supervisor runs, on disk. If the supervisor and its guardian are both
 * killed, the next supervisor reads it and stops what is left before it starts anything, so that
 * exactly one copy of each instance runs. Groups are identified by start time as well as ID, so a
 * recycled PID is never signalled.
 *
 * A journal: a snapshot line (written to a temporary file, then renamed into place), then one
 * line appended per change, at once, before the spawn that made it returns to the event loop. An
 * append is one write() to an open file; rewriting the whole file per change cost a file creation
 * and a rename (about 1 ms) per started instance. A line torn by a crash (the last one) is ignored:
 * the group it was adding, spawned an instant before, is known to the guardian.
 */
export class ChildRecord {
  private readonly path: string;
  private readonly groups = new Map<number, RecordedGroup>();
  private guardian: { pid: number; startTime: number } | null = null;
  private self: { pid: number; startTime: number } | null = null;
  private fd: number | null = null;
  private appended = 0;
  private readonly onError: (message: string) => void;

  /** `onError` hears of a write that failed (a full disk): the record is then rewritten at the next change. */
  constructor(path: string, onError: (message: string) => void = () => {}) {
    this.path = path;
    this.onError = onError;
  }

  setGuardian(pid: number | null): void {
    const stat = pid === null ? null : readProcStat(pid);
    this.guardian = stat && { pid: stat.pid, startTime: stat.startTime };
    this.append({ guardian: this.guardian });
  }

  add(group: RecordedGroup): void {
    this.groups.set(group.pgid, group);
    this.append({ add: group });
  }

  remove(pgid: number): void {
    if (this.groups.delete(pgid)) this.append({ remove: pgid });
  }

  private append(change: Change): void {
    try {
      if (this.fd === null || this.appended >= compactAfterLines + 2 * this.groups.size) {
        this.writeNow();
        return;
      }
      writeSync(this.fd, `${JSON.stringify(change)}\n`);
      this.appended += 1;
    } catch (error) {
      // Not a reason to fail a start: the guardian knows every group.
      if (this.fd !== null) closeSync(this.fd);
      this.fd = null;
      this.onError(`could not write ${this.path}: ${(error as Error).message}`);
    }
  }

  /** Rewrites the file as one snapshot, and keeps it open for the changes that follow. */
  writeNow(): void {
    this.self ??= (({ pid, startTime }) => ({ pid, startTime }))(readProcStat(process.pid)!);
    const snapshot: Snapshot = { supervisor: this.self, guardian: this.guardian, groups: [...this.groups.values()] };
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(snapshot)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.appended = 0;
  }
}

/** The groups and guardian a record file names: its snapshot with the changes after it applied. */
export function readRecord(path: string): Snapshot | null {
  let lines: string[];
  try {
    lines = readFileSync(path, 'utf8').split('\n');
  } catch {
    return null;
  }
  let record: Snapshot | null = null;
  const groups = new Map<number, RecordedGroup>();
  for (const line of lines) {
    let entry: Partial<Snapshot> & Partial<{ add: RecordedGroup; remove: number }>;
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      // The empty end, or a line torn by a crash.
      continue;
    }
    if (record === null) {
      if (!entry.supervisor || !Array.isArray(entry.groups)) return null;
      record = { supervisor: entry.supervisor, guardian: entry.guardian ?? null, groups: [] };
      for (const group of entry.groups) groups.set(group.pgid, group);
    } else if (entry.add) groups.set(entry.add.pgid, entry.add);
    else if (entry.remove !== undefined) groups.delete(entry.remove);
    else if (entry.guardian !== undefined) record.guardian = entry.guardian;
  }
  if (record) record.groups = [...groups.values()];
  return record;
}

/**
 * Stops what a killed supervisor left: first lets its guardian finish (it is already stopping them
 * gracefully), then signals each recorded group's surviving members (their stop signal, then
 * SIGCONT), and SIGKILLs them after their
 * stop timeout (at most 10 s here: they have been unsupervised already).
 */
export async function stopLeftovers(path: string, log: EventLog): Promise<void> {
  const record = readRecord(path);
  if (!record) return;
  if (record.guardian) await waitUntilGone([record.guardian], 35_000);
  for (const group of record.groups) {
    const members = groupMembers(group.pgid, group.since);
    if (members.length === 0) continue;
    log({ kind: 'leftovers', instance: group.instance, pids: members.map((member) => member.pid) });
    for (const member of members) {
      signal(member.pid, group.signal);
      // A stopped member would see its stop signal only at SIGKILL otherwise (as the guardian does).
      if (group.signal !== 'SIGCONT') signal(member.pid, 'SIGCONT');
    }
    if (!(await waitUntilGone(members, Math.min(group.timeoutMs, 10_000)))) {
      for (const member of members) if (isSameProcess(member.pid, member.startTime)) signal(member.pid, 'SIGKILL');
      await waitUntilGone(members, 5_000);
    }
  }
}

async function waitUntilGone(processes: readonly { pid: number; startTime: number }[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processes.some((entry) => isSameProcess(entry.pid, entry.startTime))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

function signal(pid: number, name: string): void {
  try {
    process.kill(pid, name as NodeJS.Signals);
  } catch {
    // Gone meanwhile.
  }
}
