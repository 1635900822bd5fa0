import { open } from 'node:fs/promises';

/**
 * The mode of every instance's log file, on every backend: its owner (the process manager's user)
 * writes, its group reads, others do not (output often holds what a process should not tell anyone).
 */
export const LOG_FILE_MODE = 0o640;

/** The same as a umask, for managers that create log files themselves (supervisord). */
export const LOG_FILE_UMASK = '027';

/**
 * Creates a log file with LOG_FILE_MODE (or gives an existing one that mode), for managers that
 * would create it with their process's umask (systemd's `append:`), before they open it.
 */
export async function prepareLogFile(path: string): Promise<void> {
  const handle = await open(path, 'a', LOG_FILE_MODE);
  try {
    await handle.chmod(LOG_FILE_MODE);
  } finally {
    await handle.close();
  }
}
