import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The guard's last step, done from the creator when the guard itself was killed (SIGKILL can reach
 * it; then nothing of it cleans up): every process left in the sandbox's cgroups is killed (its
 * PID 1 among them, and with it the whole pid namespace), and the folders are removed depth-first,
 * retrying while the last processes exit. Returns the folders that could not be removed.
 * Killing by cgroup membership is exact: only the sandbox's processes are in these folders.
 */
export async function removeCgroups(folders: readonly string[], timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const folder of folders) {
      for (const cgroup of depthFirst(folder)) {
        killMembers(cgroup);
        try {
          rmdirSync(cgroup);
        } catch {
          // busy until its last processes have exited: the next round tries again
        }
      }
    }
    const left = folders.filter((folder) => existsSync(folder));
    if (left.length === 0 || Date.now() >= deadline) return left;
    await sleep(20);
  }
}

/** The folder and every cgroup below it, deepest first; empty when it is gone. */
function depthFirst(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return [...entries.filter((entry) => entry.isDirectory()).flatMap((entry) => depthFirst(join(folder, entry.name))), folder];
}

function killMembers(cgroup: string): void {
  let pids: string[];
  try {
    pids = readFileSync(join(cgroup, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
