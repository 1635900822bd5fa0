import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/PID/stat procform needs. */
export interface ProcStat {
  pid: number;
  /** R, S, D, T, Z (zombie: it ended, its parent has not reaped it yet) … */
  state: string;
  ppid: number;
  pgid: number;
  session: number;
  /** Clock ticks after boot: with the PID, it names one process; a recycled PID has another start time. */
  startTime: number;
  /** CPU time used so far, user and system, in clock ticks (`getconf CLK_TCK`, 100 on Linux). */
  cpuTicks: number;
  /** Resident memory in pages. */
  rssPages: number;
}

/** Reads /proc/PID/stat, or null when there is no such process. */
export function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2]), session: Number(fields[3]), startTime: Number(fields[19]), cpuTicks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21]) };
}

/**
 * Whether a process runs. A zombie (ended, not yet reaped by its parent) still answers
 * kill(pid, 0), and inits that reap late keep one for a while, but it runs nothing: it counts as gone.
 */
export function isRunning(pid: number): boolean {
  const state = readProcStat(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** True when `pid` is still the process that started at `startTime` (and not a zombie). */
export function isSameProcess(pid: number, startTime: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.startTime === startTime && stat.state !== 'Z';
}

/**
 * Whether the group ID `pgid`, of a group whose first known process started at `since`, now names
 * another group. The kernel frees a group ID with the group's last member and may give the number
 * to any new process, which becomes a group leader when it is spawned detached (most are): a
 * process whose PID is the group ID and that started after `since` is such a newcomer. Signalling
 * the old group by its number would then signal a stranger's.
 */
export function isRecycledGroup(pgid: number, since: number): boolean {
  const leader = readProcStat(pgid);
  return leader !== null && leader.startTime > since;
}

/** Living processes of a process group that started at or after `since`: the group's members, not a recycled group ID's. */
export function groupMembers(pgid: number, since: number): ProcStat[] {
  if (isRecycledGroup(pgid, since)) return [];
  const members: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.pgid === pgid && stat.startTime >= since && stat.state !== 'Z') members.push(stat);
  }
  return members;
}

let snapshot: { takenAt: number; groups: Set<number> } | null = null;

/**
 * Process groups that have a living (non-zombie) member, from one /proc scan shared by every caller
 * for `maxAgeMs`: when 500 instances stop at once, they share a scan instead of making 500.
 */
export function livingGroups(maxAgeMs = 100): Set<number> {
  if (snapshot && Date.now() - snapshot.takenAt <= maxAgeMs) return snapshot.groups;
  const groups = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.state !== 'Z') groups.add(stat.pgid);
  }
  snapshot = { takenAt: Date.now(), groups };
  return groups;
}
