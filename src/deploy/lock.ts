import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ProcformError } from '../errors.ts';
import { isRunning } from '../process/proc-stat.ts';
import { readPidFile } from '../process/read-pid-file.ts';

/**
 * Takes the deployment's lock: one switch, rollback or gc at a time per profile. A lock left by a
 * process that no longer exists (a switch killed with SIGKILL) is taken over.
 */
export async function acquireLock(path: string): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readPidFile(path);
      if (holder !== null && isRunning(holder)) {
        throw new ProcformError(`another procform (PID ${holder}) is changing this deployment`, {
          hint: `Wait for it to finish. If it is gone, remove ${path}.`,
        });
      }
      await rm(path, { force: true });
    }
  }
  throw new ProcformError(`cannot take the lock ${path}`);
}
