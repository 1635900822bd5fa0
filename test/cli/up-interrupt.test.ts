// Ctrl-C on `procform up` while its switch still waits for an instance to be ready: the switch is
// cancelled and everything stops, instead of up waiting for the readiness check's timeout first.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { argvOf } from '../../src/process/proc-cmdline.ts';
import { cliPath, runCliIn } from '../support/cli.ts';
import { eventually } from '../support/eventually.ts';
import { tempDir } from '../support/temp-dir.ts';

/** PIDs of `sleep ARGUMENT` processes (sleep is found on the PATH at build time). */
async function running(argument: string): Promise<number[]> {
  const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    const argv = await argvOf(pid);
    if (argv.length === 2 && argv[0]!.endsWith('sleep') && argv[1] === argument) found.push(pid);
  }
  return found;
}

describe('procform up, Ctrl-C', () => {
  it('while an instance is not ready yet (its check would wait 10 minutes): cancels the switch, stops everything, exits 0', async () => {
    const dir = tempDir();
    const stateDir = join(dir, 'state');
    // Unique arguments: these processes, and no other test's.
    const quick = `${600 + (process.pid % 1000)}.1`;
    const slow = `${600 + (process.pid % 1000)}.2`;
    writeFileSync(
      join(dir, 'processes.ts'),
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  quick: { pkg: createManagedProcess({ process: 'sleep', args: [${JSON.stringify(quick)}] }) },
  slow: { pkg: createManagedProcess({ process: 'sleep', args: [${JSON.stringify(slow)}], readiness: { kind: 'file', path: ${JSON.stringify(join(dir, 'never'))}, timeout: '10m' } }) },
}));
`,
    );
    const up = spawn(process.execPath, [cliPath, 'up', join(dir, 'processes.ts'), '--state-dir', stateDir, '--force-disable-user-change'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    onTestFinished(async () => {
      up.kill('SIGKILL');
      await runCliIn(stateDir, ['down']);
    });
    let stderr = '';
    up.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(up, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    await eventually(async () => (await running(slow)).length === 1 && (await running(quick)).length === 1, 30_000, 'both instances running');
    expect(stderr).not.toContain('attached');
    up.kill('SIGINT');
    // Without the cancel, up would wait for slow's 10-minute readiness timeout before stopping anything.
    const [code, signal] = await Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`up did not exit within 60 s of SIGINT:\n${stderr}`)), 60_000))]);
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(stderr).toMatch(/stopped +slow/);
    expect(stderr).toMatch(/stopped +quick/);
    // The switch it cancelled is its own: its stop does not call it an earlier, interrupted one.
    expect(stderr).not.toContain('interrupted');
    expect(await running(slow)).toEqual([]);
    expect(await running(quick)).toEqual([]);
    expect(await runCliIn(stateDir, ['status'])).toMatchObject({ code: 0, stderr: `nothing is deployed in ${stateDir} (profile "processes")\n` });
  }, 120_000);
});
