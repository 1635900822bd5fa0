import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/deploy/lock.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('the deployment lock', () => {
  it('lets one holder in at a time', async () => {
    const path = join(tempDir(), 'profiles/processes.lock');
    const release = await acquireLock(path);
    await expect(acquireLock(path)).rejects.toThrow(`another procform (PID ${process.pid}) is changing this deployment`);
    await release();
    await (await acquireLock(path))();
  });

  it('takes over a lock whose holder is gone', async () => {
    const path = join(tempDir(), 'processes.lock');
    const gone = spawnSync('true').pid!;
    writeFileSync(path, `${gone}\n`);
    const release = await acquireLock(path);
    await release();
  });
});
