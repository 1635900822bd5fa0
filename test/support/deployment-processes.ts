// The processes of a deployment, found by its folder: for tests that check what runs, what is left
// after a stop, and that clean up by PID (never by name) whatever a failed test left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, onTestFinished } from 'vitest';
import { isRunning, readProcStat } from '../../src/process/proc-stat.ts';

/** A live process's process group, or null when it is gone (zombies count as gone). */
function liveGroup(pid: number): number | null {
  return isRunning(pid) ? (readProcStat(pid)?.pgid ?? null) : null;
}

/**
 * Live processes of the deployment in `dir`: those whose command line or environment mention it,
 * and every other member of their process groups (nginx's workers rewrite both).
 */
export function processesUsing(dir: string): number[] {
  const own = liveGroup(process.pid);
  const all = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
  const groups = new Set<number>();
  const matched = new Set<number>();
  for (const pid of all) {
    const group = liveGroup(pid);
    if (group === null || pid === process.pid) continue;
    try {
      const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8') + readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (!text.includes(dir)) continue;
    } catch {
      continue;
    }
    matched.add(pid);
    if (group !== own) groups.add(group);
  }
  for (const pid of all) {
    const group = liveGroup(pid);
    if (group !== null && groups.has(group)) matched.add(pid);
  }
  return [...matched].sort((a, b) => a - b);
}

/** Waits until nothing of the deployment in `dir` runs (plus `pids` seen earlier), or fails naming what is left. */
export async function expectNothingRunning(dir: string, pids: readonly number[] = [], timeoutMs = 10_000): Promise<void> {
  const left = () => [...new Set([...processesUsing(dir), ...pids.filter((pid) => liveGroup(pid) !== null)])];
  const deadline = Date.now() + timeoutMs;
  while (left().length > 0 && Date.now() < deadline) await sleep(50);
  expect(left().map((pid) => `${pid}: ${argvOf(pid).join(' ')}`)).toEqual([]);
}

/** A process's argv, or [] once it is gone. */
export function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return [];
  }
}

/** After the test, SIGKILL whatever still runs for the deployment, by PID. */
export function cleanUpAfterTest(dir: string): void {
  onTestFinished(() => {
    for (const pid of processesUsing(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}
