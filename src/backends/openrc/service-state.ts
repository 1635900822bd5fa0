// What OpenRC knows of a service, read from its (private) state folder rather than by running
// `rc-service status` in a namespace per instance.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRunning, readProcStat } from '../../process/proc-stat.ts';
import { readPidFile } from '../../process/read-pid-file.ts';
import type { OpenrcInstanceInfo } from './instance-info.ts';
import type { OpenrcRoot } from './private-root.ts';

export interface ServiceState {
  /** OpenRC's own state: started (or starting), failed (supervise-daemon gave up), stopped. */
  openrc: 'started' | 'starting' | 'failed' | 'stopped';
  /** The process runs: the supervised child, or the daemon the PID file names. */
  running: boolean;
  /** supervise-daemon runs but its child does not: it waits to respawn it. */
  respawning: boolean;
  /** The program's PID, its respawns and when its run started (supervise-daemon's records). */
  childPid: number | null;
  respawns: number | null;
  startedAt: number | null;
}

export async function serviceState(root: OpenrcRoot, info: OpenrcInstanceInfo): Promise<ServiceState> {
  const flag = (folder: string) => existsSync(join(root.svcdir, folder, info.name));
  const openrc = flag('started') ? 'started' : flag('starting') ? 'starting' : flag('failed') ? 'failed' : 'stopped';
  const pid = await readPidFile(info.pidFile);
  const alive = pid !== null && isRunning(pid);
  if (info.mode !== 'supervise') return { openrc, running: alive, respawning: false, childPid: null, respawns: null, startedAt: null };
  const value = (key: string) => readFile(join(root.svcdir, 'options', info.name, key), 'utf8').then((text) => text.trim(), () => '');
  // While supervise-daemon waits to respawn, child_pid still names the program that ended (OpenRC
  // is still "started"): the PID counts only while it is supervise-daemon's living child, not once
  // it is gone or recycled by another process.
  const child = Number(await value('child_pid'));
  const childPid = alive && Number.isInteger(child) && child > 0 && isChildOf(child, pid) ? child : null;
  const count = Number(await value('start_count'));
  const started = Date.parse((await value('start_time')).replace(' ', 'T'));
  return {
    openrc,
    running: childPid !== null,
    respawning: alive && childPid === null,
    childPid,
    respawns: Number.isInteger(count) && alive ? count : null,
    startedAt: Number.isNaN(started) || childPid === null ? null : started,
  };
}

/** Whether `pid` runs (not a zombie) as a child of `parent`. */
function isChildOf(pid: number, parent: number): boolean {
  const stat = readProcStat(pid);
  return stat !== null && stat.ppid === parent && stat.state !== 'Z' && stat.state !== 'X';
}
