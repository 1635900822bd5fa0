import { readFile } from 'node:fs/promises';

/**
 * The command line of a process, as its arguments (from /proc/PID/cmdline), or [] once it is gone or
 * not ours to read. The one reader: finding a manager's process, a leftover command, or a
 * supervisord program still in its wrapper all need the same split.
 */
export async function argvOf(pid: number): Promise<string[]> {
  const parts = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  // Arguments end with a NUL each; a process that rewrote its title may leave the last one without.
  if (parts.at(-1) === '') parts.pop();
  return parts;
}
