import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpdByPort, sleep } from '../support.ts';
import type { Manager } from './types.ts';
import { burstScript } from './types.ts';

const script = fileURLToPath(new URL('./floor-spawn.mjs', import.meta.url));

/** The floor: a plain Node loop that spawns the same children (no supervision, no logs). */
export function floorManager(workDir: string): Manager {
  let holder: ChildProcess | null = null;
  let ports: readonly number[] = [];
  const start = (args: string[]) => {
    holder = spawn(process.execPath, [script, ...args], { stdio: 'ignore' });
  };
  return {
    name: 'floor (Node spawn loop)',
    async prepare(wanted) {
      ports = wanted;
    },
    async launch() {
      start(ports.map(String));
    },
    managerPids: () => (holder?.pid === undefined ? [] : [holder.pid]),
    async shutdown() {
      const child = holder;
      holder = null;
      if (!child || child.exitCode !== null) return;
      // On a loaded machine a SIGTERM that arrives while the loop is still spawning can be lost:
      // ask again until it exits, then stop any child it left behind.
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      for (let attempt = 0; child.exitCode === null && child.signalCode === null; attempt += 1) {
        child.kill(attempt < 20 ? 'SIGTERM' : 'SIGKILL');
        await Promise.race([exited, sleep(250)]);
      }
      const left = new Set(ports);
      for (const [port, pids] of httpdByPort()) {
        if (!left.has(port)) continue;
        for (const pid of pids) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Gone meanwhile.
          }
        }
      }
    },
    async logBurst(line, lines, burst) {
      if (burst.rotate) return null;
      const file = join(await mkdtemp(join(workDir, 'floor-')), 'burst.log');
      start(['--burst', burstScript(line, lines, burst.go), file]);
      return () => [file];
    },
  };
}
