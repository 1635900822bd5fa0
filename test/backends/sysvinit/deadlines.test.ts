// Issue 12.4: nothing the sysvinit driver runs may block it forever. A `process` alone runs in the
// foreground (daemonized), and a script that hangs anyway is killed at its deadline.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../../src/backends/sysvinit/run-script.ts';
import { selfDaemonizingCommand } from '../../../src/runtime/daemonizer/run-mode.ts';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { tempDir } from '../../support/temp-dir.ts';

describe('sysvinit deadlines', () => {
  it('kills a script that does not finish by its deadline, with what it started in its process group', async () => {
    const dir = tempDir();
    const script = join(dir, 'hangs');
    const childPidFile = join(dir, 'child.pid');
    writeFileSync(script, `#!/bin/sh\necho starting\nsleep 3600 &\necho $! > ${childPidFile}\nwait\n`, { mode: 0o755 });
    const result = await runScript(script, 'start', { timeoutMs: 500 });
    expect(result).toMatchObject({ code: null, timedOut: true });
    expect(result.output).toContain('starting');
    expect(result.output).toContain('did not finish within 0.5 s');
    const child = Number(spawnSync('cat', [childPidFile], { encoding: 'utf8' }).stdout.trim());
    expect(child).toBeGreaterThan(0);
    await expect.poll(() => isRunning(child), { timeout: 10_000 }).toBe(false);
  });

  it('runs a `process` given alone in the foreground: only a daemon command of its own daemonizes itself', () => {
    const sleep = { executable: '/bin/sleep', args: ['3600'] };
    expect(selfDaemonizingCommand({ foreground: sleep, daemon: { ...sleep } })).toBeNull();
    expect(selfDaemonizingCommand({ foreground: null, daemon: sleep })).toBe(sleep);
    const daemon = { executable: '/usr/sbin/webapp', args: ['-D'] };
    expect(selfDaemonizingCommand({ foreground: { executable: '/usr/sbin/webapp', args: [] }, daemon })).toBe(daemon);
  });
});
