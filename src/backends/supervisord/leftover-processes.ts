// Processes a supervisord started and that outlived it (supervisord killed with SIGKILL leaves its
// programs, and a proxied daemon, running). supervisord puts SUPERVISOR_SERVER_URL, naming its own
// socket, in every program's environment, and children inherit it: that identifies the
// deployment's processes without any record of them.
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from '../../process/proc-stat.ts';

/** PIDs of live (not zombie) processes whose environment points at this supervisord socket. */
export async function findLeftoverProcesses(socket: string): Promise<number[]> {
  const marker = Buffer.from(`\0SUPERVISOR_SERVER_URL=unix://${socket}\0`);
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid || pid === process.ppid) continue;
    try {
      const environ = Buffer.concat([Buffer.from([0]), await readFile(`/proc/${pid}/environ`)]);
      if (environ.includes(marker) && isRunning(pid)) found.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read (it then cannot be ours to stop either).
    }
  }
  return found;
}

/** SIGTERM, then SIGKILL to whatever still runs after `graceMs`. Returns the PIDs it signalled. */
export async function stopLeftoverProcesses(socket: string, graceMs = 5000): Promise<number[]> {
  const pids = await findLeftoverProcesses(socket);
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  let alive = pids;
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(100);
    alive = alive.filter(isRunning);
  }
  for (const pid of alive) signal(pid, 'SIGKILL');
  return pids;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
