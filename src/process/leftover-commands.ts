// Commands a killed procform left behind. A switch runs process managers' waiting commands (`sv -w
// 90 up`, which runs the service's readiness check until it passes); SIGKILLed, it leaves them
// running with nobody to read their answer, and they keep probing the services the next switch
// stops and starts (a readiness probe's connection forks a second copy of some servers, busybox
// httpd's, for as long as it lasts). The next command under the deployment's lock ends them first.
import { readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { argvOf } from './proc-cmdline.ts';
import { isRunning, readProcStat } from './proc-stat.ts';

/**
 * SIGKILLs every process whose command line `matches`, except this process's own children, with its
 * children (a check it runs), and waits until they are gone. Returns their PIDs.
 */
export async function endLeftoverCommands(matches: (argv: readonly string[]) => boolean, timeoutMs = 10_000): Promise<number[]> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
  const stats = pids.map(readProcStat).filter((stat) => stat !== null && stat.state !== 'Z');
  const leftovers: number[] = [];
  for (const stat of stats) {
    if (stat!.ppid !== process.pid && matches(await argvOf(stat!.pid))) leftovers.push(stat!.pid);
  }
  if (leftovers.length === 0) return [];
  // Children first: once their parent is gone they would be reparented, and no longer found by it.
  const victims = [...stats.filter((stat) => leftovers.includes(stat!.ppid)).map((stat) => stat!.pid), ...leftovers];
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Ended meanwhile.
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (victims.some(isRunning) && Date.now() < deadline) await sleep(20);
  return leftovers;
}
