import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { supervisorApi } from '../../../src/backends/supervisord/supervisor-api.ts';
import { cliPath } from '../../support/cli.ts';
import { supervisordDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

// Writes numbered lines quickly into a log that supervisord rotates every kilobyte or so.
const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  counter: {
    pkg: createManagedProcess({
      foregroundProcess: '/bin/sh',
      foregroundProcessArgs: ['-c', 'i=0; while :; do i=$((i+1)); echo "line $i"; sleep 0.01; done'],
      log: { rotate: { maxSize: 1024, keep: 3 } },
    }),
  },
}));
`;

describe('procform supervisord', () => {
  it('runs the deployment\'s supervisord in the foreground; switch deploys to it, logs follow its rotations, down leaves it running', async () => {
    const deployment = supervisordDeployment();
    const file = join(deployment.dir, 'counter.ts');
    writeFileSync(file, model);
    const foreground = spawn(process.execPath, [cliPath, 'supervisord', '--state-dir', deployment.stateDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => foreground.once('exit', (code) => resolve(code)));
    onTestFinished(() => void foreground.kill('SIGKILL'));
    const api = supervisorApi(deployment.socket);
    const supervisord = await eventually(() => api.getPid(1000).catch(() => undefined));

    const switched = await deployment.switchTo(file);
    expect(switched.stderr).not.toContain('starting supervisord');
    expect(deployment.supervisordPid()).toBe(supervisord);

    const follower = spawn(process.execPath, [cliPath, 'logs', 'counter', '-f', '-n', '1', '--state-dir', deployment.stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    follower.stdout.on('data', (chunk) => (output += chunk));
    await eventually(() => existsSync(join(deployment.stateDir, 'log/counter.log.2')), 30_000);
    // Stop following once the follower has caught up with a line written after two rotations.
    const current = await eventually(() => /line \d+\n$/.exec(readFileSync(join(deployment.stateDir, 'log/counter.log'), 'utf8'))?.[0].trim());
    await eventually(() => output.includes(`${current}\n`), 30_000, `the follower to print "${current}"`);
    follower.kill('SIGINT');
    await new Promise((resolve) => follower.once('exit', resolve));
    const numbers = output.trim().split('\n').map((line) => Number(/^line (\d+)$/.exec(line)?.[1]));
    expect(numbers.length).toBeGreaterThan(100);
    // Every line once, in order, across at least two rotations.
    expect(numbers.every((number, index) => index === 0 || number === numbers[index - 1]! + 1)).toBe(true);

    const down = await deployment.cli(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(await deployment.processes()).toEqual([]);
    // It was not started by a switch: it is the user's to stop.
    expect(isRunning(supervisord)).toBe(true);
    foreground.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(isRunning(supervisord)).toBe(false);
  });
});
