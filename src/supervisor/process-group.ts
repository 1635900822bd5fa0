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

/** Whether any process (zombies included, until reaped) is left in the group. */
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
 * is gone, grandchildren included, not only the process we started. Polls quickly at first,
 * since most processes exit within milliseconds of their signal.
 */
export async function waitGroupsEmpty(pgids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    if (!pgids.some(groupExists)) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
    delay = Math.min(delay * 2, 50);
  }
}
