import { readdir } from 'node:fs/promises';
import { argvOf } from './proc-cmdline.ts';
import { isRunning } from './proc-stat.ts';
import { readPidFile } from './read-pid-file.ts';

/**
 * The PID of a process manager the driver started (s6-svscan, runsvdir): the one its PID file
 * names while it still runs `program`, else one running `program ...args` found in /proc, so that a
 * manager whose starter was killed before it wrote the PID file is found (and not started twice).
 */
export async function managerProcess(pidFile: string, program: string, args: readonly string[]): Promise<number | null> {
  const named = await readPidFile(pidFile);
  if (named !== null && isRunning(named) && runs(await argvOf(named), program)) return named;
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const argv = await argvOf(pid);
    if (runs(argv, program) && argv.length === args.length + 1 && args.every((arg, index) => argv[index + 1] === arg) && isRunning(pid)) return pid;
  }
  return null;
}

function runs(argv: readonly string[], program: string): boolean {
  return argv[0] === program || (argv[0]?.endsWith(`/${program}`) ?? false);
}
