import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ReadinessSpec } from '../../src/model/types.ts';
import { LineMatcher, probeOnce, waitUntilReady } from '../../src/readiness/index.ts';
import { repoRoot } from '../support/cli.ts';
import { freePort } from '../support/free-port.ts';
import { tempDir } from '../support/temp-dir.ts';

const timing = { timeoutMs: 2000, intervalMs: 50 };

async function listen(server: { listen: (port: number, host: string, done: () => void) => unknown; close: () => unknown }, port: number) {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  onTestFinished(() => {
    server.close();
  });
}

describe('readiness probes', () => {
  it('tcp: refused while nothing listens, ready once something does', async () => {
    const port = await freePort();
    const spec: ReadinessSpec = { kind: 'tcp', host: '127.0.0.1', port, ...timing };
    expect(await probeOnce(spec, 500)).toEqual({ ok: false, detail: `tcp 127.0.0.1:${port}: connection refused` });
    setTimeout(() => void listen(createServer(), port), 200);
    const started = Date.now();
    expect(await waitUntilReady(spec)).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('http: ready on the expected status (any 2xx/3xx by default), with the status seen otherwise', async () => {
    const port = await freePort();
    let status = 503;
    await listen(createHttpServer((_request, response) => response.writeHead(status).end()), port);
    const url = `http://127.0.0.1:${port}/health`;
    expect(await probeOnce({ kind: 'http', url, status: null, ...timing }, 500)).toEqual({ ok: false, detail: `GET ${url}: status 503` });
    status = 204;
    expect(await probeOnce({ kind: 'http', url, status: null, ...timing }, 500)).toEqual({ ok: true });
    expect(await probeOnce({ kind: 'http', url, status: 200, ...timing }, 500)).toMatchObject({ ok: false, detail: `GET ${url}: status 204, expected 200` });
  });

  it('exec: ready when the command exits 0; a hanging command is killed at the attempt timeout', async () => {
    const dir = tempDir();
    expect(await probeOnce({ kind: 'exec', command: ['/bin/sh', '-c', 'exit 0'], ...timing }, 500)).toEqual({ ok: true });
    expect(await probeOnce({ kind: 'exec', command: ['/bin/sh', '-c', 'echo not yet; exit 3'], ...timing }, 500)).toEqual({
      ok: false,
      detail: 'exec /bin/sh: exited 3: not yet',
    });
    const marker = join(dir, 'hung');
    const result = await probeOnce({ kind: 'exec', command: ['/bin/sh', '-c', `sleep 30 # ${marker}`], ...timing }, 200);
    expect(result).toEqual({ ok: false, detail: 'exec /bin/sh: still running after 200 ms' });
  });

  it('file: ready once the path exists', async () => {
    const path = join(tempDir(), 'ready');
    const spec: ReadinessSpec = { kind: 'file', path, ...timing };
    setTimeout(() => writeFileSync(path, ''), 100);
    expect(await waitUntilReady(spec)).toEqual({ ok: true });
  });

  it('log: a line matching the pattern, even split across chunks and UTF-8 characters', async () => {
    const lines = new LineMatcher('listening on port \\d+');
    const spec: ReadinessSpec = { kind: 'log', pattern: 'listening on port \\d+', ...timing };
    const waiting = waitUntilReady(spec, { lines });
    const bytes = Buffer.from('starting…\nlistening on port 80\n');
    for (let index = 0; index < bytes.length; index += 3) lines.feed(bytes.subarray(index, index + 3));
    const started = Date.now();
    expect(await waiting).toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('says what the last probe saw when the timeout passes', async () => {
    const port = await freePort();
    const result = await waitUntilReady({ kind: 'tcp', host: '127.0.0.1', port, timeoutMs: 300, intervalMs: 50 });
    expect(result).toEqual({ ok: false, detail: `not ready after 300ms (tcp 127.0.0.1:${port}): tcp 127.0.0.1:${port}: connection refused` });
  });

  it('runs standalone, for wrapper scripts: exit 0 when ready, 1 with the reason when not', async () => {
    const run = promisify(execFile);
    const main = join(repoRoot, 'dist/src/readiness/main.js');
    const port = await freePort();
    await expect(run(process.execPath, [main, JSON.stringify({ kind: 'tcp', host: '127.0.0.1', port, timeoutMs: 200, intervalMs: 50 })])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('connection refused'),
    });
    const log = join(tempDir(), 'out.log');
    writeFileSync(log, 'old line: ready\n');
    const started = Date.now();
    const waiting = run(process.execPath, [main, JSON.stringify({ kind: 'log', pattern: 'ready', timeoutMs: 5000, intervalMs: 50 }), log]);
    setTimeout(() => writeFileSync(log, 'old line: ready\nnew line: ready\n'), 500);
    await expect(waiting).resolves.toMatchObject({ stderr: '' });
    // Lines written before it started do not count.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });
});
