import { rm } from 'node:fs/promises';
import { readPidFile } from '../../process/read-pid-file.ts';
import { isRunning, livingGroups, readProcStat } from '../../process/proc-stat.ts';
import { signalGroup, waitGroupsEmpty } from '../../process/process-group.ts';

export interface PidFileStop {
  pidFile: string;
  signal: string;
  timeoutMs: number;
  /** The process passes the signal on to its group itself (procform-daemonize): it alone gets it. */
  forwards: boolean;
}

/**
 * Stops what a PID file names as start-stop-daemon --retry SIGNAL/TIMEOUT/KILL/5 would, but for
 * the whole process group when the process leads a session of its own (a daemon, procform-daemonize),
 * so that nothing it started survives. A PID that is gone still names its group while orphans are
 * left in it. Stopping what does not run succeeds; the PID file is removed. Resolves false when
 * something survived SIGKILL.
 */
export async function stopByPidFile(stop: PidFileStop): Promise<boolean> {
  const pid = await readPidFile(stop.pidFile);
  if (pid === null) {
    await rm(stop.pidFile, { force: true });
    return true;
  }
  const group = sessionGroup(pid);
  const alive = () => (group === null ? isRunning(pid) : livingGroups(0).has(group));
  if (alive()) {
    const signal = stop.signal as NodeJS.Signals;
    if (stop.forwards && isRunning(pid)) process.kill(pid, signal);
    else if (group !== null) signalGroup(group, signal);
    else process.kill(pid, signal);
    if (!(await gone(group, pid, stop.timeoutMs))) {
      if (group !== null) signalGroup(group, 'SIGKILL');
      else process.kill(pid, 'SIGKILL');
      if (!(await gone(group, pid, 5000))) return false;
    }
  }
  await rm(stop.pidFile, { force: true });
  return true;
}

/** The process group to stop: the one `pid` leads as a session of its own (not procform's), else none. */
function sessionGroup(pid: number): number | null {
  const own = readProcStat(process.pid)?.session;
  const stat = readProcStat(pid);
  if (stat === null) return livingGroups(0).has(pid) ? pid : null;
  return stat.pgid === stat.session && stat.session !== own && stat.pgid > 1 ? stat.pgid : null;
}

async function gone(group: number | null, pid: number, timeoutMs: number): Promise<boolean> {
  if (group !== null) return waitGroupsEmpty([group], timeoutMs);
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
