import { readFileSync, renameSync, writeFileSync } from 'node:fs';
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

const minWriteIntervalMs = 50;

interface RecordFile {
  supervisor: { pid: number; startTime: number };
  guardian: { pid: number; startTime: number } | null;
  groups: RecordedGroup[];
}

/**
 * The process groups the supervisor runs, on disk. If the supervisor and its guardian are both
 * killed, the next supervisor reads it and stops what is left before it starts anything, so that
 * exactly one copy of each instance runs. Groups are identified by start time as well as ID, so a
 * recycled PID is never signalled.
 */
export class ChildRecord {
  private readonly path: string;
  private readonly groups = new Map<number, RecordedGroup>();
  private guardian: { pid: number; startTime: number } | null = null;
  private self: { pid: number; startTime: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastWrite = 0;

  constructor(path: string) {
    this.path = path;
  }

  setGuardian(pid: number | null): void {
    const stat = pid === null ? null : readProcStat(pid);
    this.guardian = stat && { pid: stat.pid, startTime: stat.startTime };
    this.save();
  }

  add(group: RecordedGroup): void {
    this.groups.set(group.pgid, group);
    this.save();
  }

  remove(pgid: number): void {
    if (this.groups.delete(pgid)) this.save();
  }

  /**
   * Writes at most every 50 ms: starting 100 instances writes the file a dozen times, not 100 (each
   * spawn is a turn of its own). The guardian learns of every group at once, so a group is missing
   * here only if the supervisor and its guardian are both killed within those 50 ms. An apply
   * flushes the file before it answers, so that what a switch started is on file once it returns.
   */
  private save(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastWrite + minWriteIntervalMs - Date.now()));
  }

  /** Writes the file now if a change is waiting. */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.writeNow();
  }

  writeNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.self ??= (({ pid, startTime }) => ({ pid, startTime }))(readProcStat(process.pid)!);
    const content: RecordFile = { supervisor: this.self, guardian: this.guardian, groups: [...this.groups.values()] };
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(content), { mode: 0o600 });
    renameSync(temporary, this.path);
    this.lastWrite = Date.now();
  }
}

/**
 * Stops what a killed supervisor left: first lets its guardian finish (it is already stopping them
 * gracefully), then signals each recorded group's surviving members, and SIGKILLs them after their
 * stop timeout (at most 10 s here: they have been unsupervised already).
 */
export async function stopLeftovers(path: string, log: EventLog): Promise<void> {
  let record: RecordFile;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as RecordFile;
  } catch {
    return;
  }
  if (record.guardian) await waitUntilGone([record.guardian], 35_000);
  for (const group of record.groups) {
    const members = groupMembers(group.pgid, group.since);
    if (members.length === 0) continue;
    log({ kind: 'leftovers', instance: group.instance, pids: members.map((member) => member.pid) });
    for (const member of members) signal(member.pid, group.signal);
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
