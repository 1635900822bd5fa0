import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it, onTestFinished } from 'vitest';
import { argvOf } from '../../src/process/proc-cmdline.ts';

describe('argvOf', () => {
  it('gives a process\'s arguments as it got them, empty and spaced ones included, and [] once it is gone', async () => {
    const child = spawn('/bin/sh', ['-c', 'exec sleep 600', 'name with spaces', '', 'last'], { stdio: 'ignore' });
    onTestFinished(() => void child.kill('SIGKILL'));
    await once(child, 'spawn');
    const deadline = Date.now() + 10_000;
    // Until sh exec's sleep, the command line is sh's.
    while ((await argvOf(child.pid!))[0] !== 'sleep' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await argvOf(child.pid!)).toEqual(['sleep', '600']);

    const shell = spawn('/bin/sh', ['-c', 'sleep 600; :', 'name with spaces', '', 'last'], { stdio: 'ignore' });
    onTestFinished(() => void shell.kill('SIGKILL'));
    await once(shell, 'spawn');
    expect(await argvOf(shell.pid!)).toEqual(['/bin/sh', '-c', 'sleep 600; :', 'name with spaces', '', 'last']);

    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(await argvOf(child.pid!)).toEqual([]);
  });
});
