import { readFile } from 'node:fs/promises';

/** The PID a PID file names, or null when the file is missing or does not hold a PID. */
export async function readPidFile(path: string): Promise<number | null> {
  const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
