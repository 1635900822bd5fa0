import { groupMembers } from './proc-stat.ts';

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
 * Whether a living (non-zombie) process is left in the group. A grandchild that outlived its parent
 * is reparented to PID 1, which may reap it late (container and VM inits often do): its zombie
 * still counts for kill(-pgid, 0) but runs nothing, so /proc decides.
 */
export function groupAlive(pgid: number): boolean {
  return groupExists(pgid) && groupMembers(pgid, 0).length > 0;
}

/**
 * Resolves true once every group is empty (zombies aside), false at the deadline. "Stopped" means
 * the whole group is gone, grandchildren included, not only the process we started. Polls quickly
 * at first, since most processes exit within milliseconds of their signal; reads /proc only once
 * the cheap check has kept saying "not empty" for a while.
 */
export async function waitGroupsEmpty(pgids: readonly number[], timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let delay = 2;
  let lastScan = 0;
  for (;;) {
    let remainingGroups = pgids.filter(groupExists);
    if (remainingGroups.length === 0) return true;
    if (Date.now() - started >= 20 && Date.now() - lastScan >= 100) {
      lastScan = Date.now();
      remainingGroups = remainingGroups.filter((pgid) => groupMembers(pgid, 0).length > 0);
      if (remainingGroups.length === 0) return true;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
    delay = Math.min(delay * 2, 50);
  }
}
