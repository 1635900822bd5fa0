import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isRunning, readProcStat } from '../../src/process/proc-stat.ts';
import { eventually } from '../support/eventually.ts';
import { freePort } from '../support/free-port.ts';
import { httpGet } from '../support/http.ts';
import { tempDir } from '../support/temp-dir.ts';

const webapp = fileURLToPath(new URL('../../dist/src/webapp/main.js', import.meta.url));

describe('procform-webapp', () => {
  it('answers with the port it listens on, in the foreground, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [webapp], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    await eventually(() => output.includes('listening'), 10_000, 'the webapp to listen');
    const { body } = await httpGet(`http://127.0.0.1:${port}/`, { host: 'webapp.local' });
    expect(body).toContain(`Simple test webapp listening on port: ${port}`);
    const exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).toContain('GET / Host: webapp.local');
  });

  it('daemonizes with -D: the parent returns once the daemon listens and its PID file is written', async () => {
    const port = await freePort();
    const pidFile = join(tempDir(), 'webapp.pid');
    const parent = spawn(process.execPath, [webapp, '-D'], { env: { ...process.env, PORT: String(port), PID_FILE: pidFile }, stdio: 'ignore' });
    const code = await new Promise((resolve) => parent.on('exit', resolve));
    expect(code).toBe(0);
    // Ready when the parent returns: no waiting here.
    const pid = Number(readFileSync(pidFile, 'utf8'));
    onTestFinished(() => {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    });
    expect(pid).not.toBe(parent.pid);
    expect(isRunning(pid)).toBe(true);
    expect((await httpGet(`http://127.0.0.1:${port}/`)).body).toContain(`listening on port: ${port}`);
    // Its own session: not in our process group.
    expect(readProcStat(pid)!.session).toBe(pid); // session id = its own PID
    process.kill(pid, 'SIGTERM');
    await eventually(() => !isRunning(pid), 10_000, 'the daemon to stop');
    await eventually(() => !existsSync(pidFile), 10_000, 'its PID file to go');
  });

  it('fails clearly without a port, or in daemon mode without a PID file', async () => {
    const run = (env: NodeJS.ProcessEnv, args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [webapp, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    expect(await run({}, [])).toEqual({ code: 1, stderr: 'procform-webapp: PORT must be a port number, got ""\n' });
    expect(await run({ PORT: '8123' }, ['-D'])).toEqual({ code: 1, stderr: 'procform-webapp: PID_FILE must be set in daemon mode (-D)\n' });
  });
});
