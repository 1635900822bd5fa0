import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/fs/lock-file.ts';
import { readProcStat } from '../../src/process/proc-stat.ts';
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

  it('takes over a lock whose PID now belongs to another process (a recycled PID), and knows its own holder', async () => {
    const path = join(tempDir(), 'processes.lock');
    const self = readProcStat(process.pid)!;
    // This process is running, but it is not the one that took the lock: that one started earlier.
    writeFileSync(path, `${process.pid} ${self.startTime - 1}\n`);
    const release = await acquireLock(path);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid} ${self.startTime}\n`);
    await expect(acquireLock(path)).rejects.toThrow(`another procform (PID ${process.pid}) is changing this deployment`);
    await release();
    expect(existsSync(path)).toBe(false);
  });

  it('waits for a holder when asked to', async () => {
    const path = join(tempDir(), 'accounts.lock');
    const release = await acquireLock(path);
    const waiting = acquireLock(path, { waitMs: 30_000, guards: 'the accounts record' });
    await release();
    await (await waiting)();
    const releaseAgain = await acquireLock(path);
    await expect(acquireLock(path, { waitMs: 100, guards: 'the accounts record' })).rejects.toThrow('is changing the accounts record');
    await releaseAgain();
  });
});
