import { livingGroups } from './proc-stat.ts';

/** Sends a signal to every process of a group; false when the group is already empty. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | number): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Whether any process is left in the group, zombies included (a cheap system call). */
export function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Resolves true once every group is empty, false at the deadline. "Stopped" means the whole group
 * is gone, grandchildren included, not only the process we started.
 *
 * `leaderExit` resolves when the process we spawned has exited and been reaped: until then the group
 * cannot be empty, so nothing is polled. After it, kill(-pgid, 0) answers cheaply; when it keeps
 * saying "not empty", /proc decides, because a grandchild that outlived its parent is reparented
 * to PID 1, which may reap it late (container and VM inits often do), and its zombie runs nothing.
 */
export async function waitGroupsEmpty(pgids: readonly number[], timeoutMs: number, leaderExit: Promise<void> = Promise.resolve()): Promise<boolean> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  // The deadline's timer is cleared once the leader exits: a pending one would keep a command that
  // stopped something alive until the stop timeout (procform switch lingered 10 s after its work).
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([leaderExit, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  const settled = Date.now();
  let delay = 1;
  for (;;) {
    let remaining = pgids.filter(groupExists);
    if (remaining.length > 0 && Date.now() - settled >= 50) {
      const living = livingGroups();
      remaining = remaining.filter((pgid) => living.has(pgid));
    }
    if (remaining.length === 0) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(delay, deadline - Date.now()));
    delay = Math.min(delay * 2, 50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
