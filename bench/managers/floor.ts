import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
    async logBurst(line, lines) {
      const file = join(await mkdtemp(join(workDir, 'floor-')), 'burst.log');
      start(['--burst', burstScript(line, lines), file]);
      return () => [file];
    },
  };
}
