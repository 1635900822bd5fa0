import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ReadinessSpec } from '../../src/model/types.ts';
import { logFileOutput } from '../../src/readiness/log-output.ts';
import { probeOnce } from '../../src/readiness/probe.ts';
import { waitReadyCommand } from '../../src/readiness/wait-ready-command.ts';
import { ReadinessTimeout, waitUntilReady } from '../../src/readiness/wait-until-ready.ts';
import { hostTarget } from '../../src/target/host-target.ts';
import { freePort } from '../support/free-port.ts';
import { tempDir } from '../support/temp-dir.ts';

const timing = { timeoutMs: 2000, intervalMs: 20 };

describe('readiness probes', () => {
  it('tcp: ready once something listens', async () => {
    const port = await freePort();
    const spec: ReadinessSpec = { kind: 'tcp', host: '127.0.0.1', port, ...timing };
    expect(await probeOnce(spec)).toMatchObject({ ready: false, reason: expect.stringMatching(/ECONNREFUSED/) });
    const server = createTcpServer().listen(port, '127.0.0.1');
    onTestFinished(() => void server.close());
    await new Promise((resolve) => server.once('listening', resolve));
    expect(await probeOnce(spec)).toEqual({ ready: true });
  });

  it('http: ready on a 2xx/3xx answer, or on the status asked for', async () => {
    const port = await freePort();
    let status = 503;
    const server = createServer((_request, response) => response.writeHead(status).end()).listen(port, '127.0.0.1');
    onTestFinished(() => void server.close());
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${port}/health`;
    expect(await probeOnce({ kind: 'http', url, status: null, ...timing })).toMatchObject({ ready: false, reason: expect.stringMatching(/answered 503/) });
    expect(await probeOnce({ kind: 'http', url, status: 503, ...timing })).toEqual({ ready: true });
    status = 204;
    expect(await probeOnce({ kind: 'http', url, status: null, ...timing })).toEqual({ ready: true });
  });

  it('exec, file and log', async () => {
    const dir = tempDir();
    expect(await probeOnce({ kind: 'exec', command: ['/bin/sh', '-c', 'exit 3'], ...timing })).toMatchObject({ ready: false, reason: expect.stringMatching(/exited 3/) });
    expect(await probeOnce({ kind: 'exec', command: ['/bin/true'], ...timing })).toEqual({ ready: true });
    expect((await probeOnce({ kind: 'file', path: join(dir, 'ready'), ...timing })).ready).toBe(false);
    writeFileSync(join(dir, 'ready'), '');
    expect(await probeOnce({ kind: 'file', path: join(dir, 'ready'), ...timing })).toEqual({ ready: true });
    writeFileSync(join(dir, 'log'), 'starting\ndatabase system is ready to accept connections\n');
    const output = logFileOutput(join(dir, 'log'));
    expect(await probeOnce({ kind: 'log', pattern: '^database .* ready', ...timing }, { output })).toEqual({ ready: true });
    expect((await probeOnce({ kind: 'log', pattern: '^ready$', ...timing }, { output })).ready).toBe(false);
  });

  it('log: only the output after an offset (given, or written in a file), without timestamps', async () => {
    const dir = tempDir();
    const log = join(dir, 'log');
    const earlier = 'ready (an earlier run)\n';
    writeFileSync(log, `${earlier}2026-01-01T00:00:00.000Z starting\n`);
    writeFileSync(join(dir, 'offset'), `${earlier.length}\n`);
    expect(await logFileOutput(log, { offset: earlier.length })()).toBe('2026-01-01T00:00:00.000Z starting\n');
    expect(await logFileOutput(log, { offsetFile: join(dir, 'offset'), timestamps: true })()).toBe('starting\n');
    // Shorter than the offset: rotated or truncated since, so all of it is this run's.
    writeFileSync(log, 'ready\n');
    expect(await logFileOutput(log, { offset: earlier.length })()).toBe('ready\n');
  });
});

describe('waitUntilReady', () => {
  it('waits until the check passes, and times out with the last reason', async () => {
    const dir = tempDir();
    const path = join(dir, 'flag');
    let written = false;
    setTimeout(() => {
      writeFileSync(path, '');
      written = true;
    }, 150);
    await waitUntilReady({ kind: 'file', path, ...timing });
    expect(written).toBe(true);
    await expect(waitUntilReady({ kind: 'file', path: join(dir, 'never'), timeoutMs: 200, intervalMs: 20 })).rejects.toBeInstanceOf(ReadinessTimeout);
  });

  it('times out with why the check failed, not with a last attempt the deadline cut short', async () => {
    // Each attempt takes 300 ms; the last one starts too close to the deadline to finish.
    const spec: ReadinessSpec = { kind: 'exec', command: ['/bin/sh', '-c', 'sleep 0.3; echo "not listening yet"; exit 1'], timeoutMs: 1000, intervalMs: 20 };
    const error = await waitUntilReady(spec).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ReadinessTimeout);
    expect((error as ReadinessTimeout).lastReason).toMatch(/exited 1: not listening yet$/);
  });

  it('is immediate without a readiness check', async () => {
    await waitUntilReady(null);
  });
});

describe('wait-ready, the command wrapper scripts run', () => {
  const run = (argv: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stderr }));
    });

  it('exits 0 once every check passes, 1 with the reason when one times out', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'out.log'), 'listening on 80\n');
    const ok = await run(
      waitReadyCommand(hostTarget().procformRuntime(), [
        { spec: { kind: 'log', pattern: 'listening', ...timing }, logFile: join(dir, 'out.log') },
        { spec: { kind: 'exec', command: ['/bin/true'], ...timing } },
      ]),
    );
    expect(ok).toEqual({ code: 0, stderr: '' });
    const late = await run(waitReadyCommand(hostTarget().procformRuntime(), [{ spec: { kind: 'file', path: join(dir, 'nope'), timeoutMs: 100, intervalMs: 20 } }]));
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/^wait-ready: not ready after 100 ms \(file \S*nope\): .*nope does not exist yet/);
  });
});
