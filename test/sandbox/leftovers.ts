// What a sandbox may leave on the host, looked for the way an administrator would: processes,
// namespaces, mounts, cgroup folders and temporary folders.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from '../../src/process/proc-stat.ts';

const namespaceKinds = ['pid', 'mnt', 'net', 'uts', 'ipc', 'cgroup'] as const;

/** What identifies a sandbox on the host, recorded while it runs. */
export interface SandboxTraces {
  id: string;
  cgroups: readonly string[];
  /** The namespaces of its PID 1 (`mnt:[4026532301]`, …). */
  namespaces: string[];
}

export function tracesOf(sandbox: { id: string; pid: number; cgroups: readonly string[] }): SandboxTraces {
  return { id: sandbox.id, cgroups: sandbox.cgroups, namespaces: namespaceKinds.map((kind) => readlinkSync(`/proc/${sandbox.pid}/ns/${kind}`)) };
}

/**
 * The kernel's clock, in the ticks of /proc/PID/stat's start time. The kernel reuses the numbers of
 * freed namespaces, so a process of another sandbox may later show the same `mnt:[…]`; only
 * processes that started before the removal began can be this sandbox's.
 */
export function ticksNow(): number {
  return Math.floor(Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Everything of a sandbox still found on the host; empty when it is all gone. */
export function leftoversOf(traces: SandboxTraces, removedAtTicks: number): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    // The guard and the launcher carry the id in their environment or arguments.
    if ((readOrEmpty(`/proc/${entry}/environ`) + readOrEmpty(`/proc/${entry}/cmdline`)).includes(traces.id)) {
      found.push(`process ${entry} mentions ${traces.id}`);
    }
    for (const kind of namespaceKinds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${entry}/ns/${kind}`);
      } catch {
        continue;
      }
      if (traces.namespaces.includes(link) && (readProcStat(Number(entry))?.startTime ?? Infinity) < removedAtTicks) {
        found.push(`process ${entry} is in the sandbox's ${link}`);
      }
    }
  }
  for (const folder of traces.cgroups) if (existsSync(folder)) found.push(`cgroup folder ${folder}`);
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    // The sources the init script gives its mounts, or the id: none may ever show on the host.
    if (/ - \S+ procform-(sandbox|dev|shm|run|tmp|home) /.test(line) || line.includes(traces.id)) found.push(`host mount: ${line}`);
  }
  for (const entry of readdirSync(tmpdir())) if (entry.includes(traces.id)) found.push(`temporary folder ${entry}`);
  return found;
}

/** Waits until nothing of the sandbox is left (removal after a killed creator is asynchronous). */
export async function waitUntilGone(traces: SandboxTraces, removedAtTicks: number, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let found = leftoversOf(traces, removedAtTicks);
  while (found.length > 0 && Date.now() < deadline) {
    await sleep(50);
    found = leftoversOf(traces, removedAtTicks);
  }
  return found;
}
