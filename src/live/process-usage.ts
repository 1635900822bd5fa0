import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import type { ProcStat } from '../process/proc-stat.ts';
import { readProcStat } from '../process/proc-stat.ts';

/** CPU and memory of one instance's process and everything it started. */
export interface ProcessUsage {
  /** Percent of one CPU since the previous sample; null on the first sample of a process. */
  cpuPercent: number | null;
  /** Resident memory of the process tree, in bytes. */
  memoryBytes: number;
}

/**
 * Samples the CPU and memory of process trees from /proc, as `top` does: CPU is the CPU time used
 * between two samples, so a sampler keeps the previous one. A tree is the process and every
 * descendant (nginx's workers, a shell's children), counted once per scan of /proc however many
 * instances are asked for.
 */
export function createUsageSampler(now: () => number = Date.now): (pids: readonly number[]) => Map<number, ProcessUsage> {
  let previous = new Map<string, { ticks: number; at: number }>();
  return (pids) => {
    const at = now();
    const processes = scanProcesses();
    const children = new Map<number, ProcStat[]>();
    for (const stat of processes.values()) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
    const usage = new Map<number, ProcessUsage>();
    const next = new Map<string, { ticks: number; at: number }>();
    for (const pid of pids) {
      const root = processes.get(pid);
      if (!root) continue;
      let ticks = 0;
      let pages = 0;
      for (const stat of treeOf(root, children)) {
        ticks += stat.cpuTicks;
        pages += stat.rssPages;
      }
      // PID and start time name one process: a recycled PID starts its CPU count afresh.
      const key = `${pid}:${root.startTime}`;
      const before = previous.get(key);
      const seconds = before ? (at - before.at) / 1000 : 0;
      const cpuPercent = before && seconds > 0 ? Math.max(0, ((ticks - before.ticks) / clockTicks() / seconds) * 100) : null;
      usage.set(pid, { cpuPercent, memoryBytes: pages * pageSize() });
      next.set(key, { ticks, at });
    }
    previous = next;
    return usage;
  };
}

function scanProcesses(): Map<number, ProcStat> {
  const processes = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.state !== 'Z') processes.set(stat.pid, stat);
  }
  return processes;
}

function treeOf(root: ProcStat, children: Map<number, ProcStat[]>): ProcStat[] {
  const tree = [root];
  for (let index = 0; index < tree.length; index += 1) tree.push(...(children.get(tree[index]!.pid) ?? []));
  return tree;
}

let system: { clockTicks: number; pageSize: number } | null = null;

// /proc counts CPU in clock ticks and memory in pages; their sizes are the system's, asked once.
function systemUnits(): { clockTicks: number; pageSize: number } {
  if (system) return system;
  const ask = (name: string, fallback: number) => {
    try {
      const value = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
      return Number.isFinite(value) && value > 0 ? value : fallback;
    } catch {
      return fallback;
    }
  };
  system = { clockTicks: ask('CLK_TCK', 100), pageSize: ask('PAGESIZE', 4096) };
  return system;
}

const clockTicks = () => systemUnits().clockTicks;
const pageSize = () => systemUnits().pageSize;
