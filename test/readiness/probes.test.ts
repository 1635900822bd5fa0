// The parts of the readiness probes the builtin supervisor leans on (readiness.test.ts covers the basics).
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ReadinessSpec } from '../../src/model/types.ts';
import { LineMatcher, probeOnce, ReadinessTimeout, waitUntilReady } from '../../src/readiness/index.ts';
import { freePort } from '../support/free-port.ts';
import { tempDir } from '../support/temp-dir.ts';

const timing = { timeoutMs: 2000, intervalMs: 1000 };

describe('readiness for the builtin supervisor', () => {
  it('probes early: a service ready after 50 ms is seen long before the 1 s interval', async () => {
    const port = await freePort();
    setTimeout(() => {
      const server = createServer().listen(port, '127.0.0.1');
      onTestFinished(() => void server.close());
    }, 50);
    const started = Date.now();
    await waitUntilReady({ kind: 'tcp', host: '127.0.0.1', port, ...timing });
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('log: matches lines split across chunks and inside UTF-8 characters, and wakes the waiter at once', async () => {
    const lines = new LineMatcher('listening on port \\d+');
    const spec: ReadinessSpec = { kind: 'log', pattern: 'listening on port \\d+', ...timing };
    const waiting = waitUntilReady(spec, { lines });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const bytes = Buffer.from('starting…\nlistening on port 80\n');
    for (let index = 0; index < bytes.length; index += 3) lines.feed(bytes.subarray(index, index + 3));
    const started = Date.now();
    await waiting;
    expect(Date.now() - started).toBeLessThan(100);
    expect(new LineMatcher('^x$').feed(Buffer.from('ax\nx'))).toBe(false);
  });

  it('exec: a hanging command is killed, with everything it started, at the attempt timeout', async () => {
    const marker = join(tempDir(), 'hung');
    const result = await probeOnce({ kind: 'exec', command: ['/bin/sh', '-c', `sleep 30 # ${marker}`], ...timing }, {}, 200);
    expect(result).toEqual({ ready: false, reason: `/bin/sh -c sleep 30 # ${marker} still runs after 200 ms` });
  });

  it('times out with what the last probe saw, and honours a shorter remaining timeout', async () => {
    const port = await freePort();
    const spec: ReadinessSpec = { kind: 'tcp', host: '127.0.0.1', port, timeoutMs: 5000, intervalMs: 50 };
    const started = Date.now();
    const error = await waitUntilReady(spec, { timeoutMs: 300 }).catch((thrown: unknown) => thrown);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ReadinessTimeout);
    expect((error as ReadinessTimeout).lastReason).toBe(`127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
  });
});
