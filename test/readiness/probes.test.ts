// The parts of the readiness probes the builtin supervisor leans on (readiness.test.ts covers the basics).
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ReadinessSpec } from '../../src/model/types.ts';
import { LineMatcher, probeOnce, ReadinessTimeout, waitUntilReady } from '../../src/readiness/index.ts';
import { freePort } from '../support/free-port.ts';
import { tempDir } from '../support/temp-dir.ts';

const timing = { timeoutMs: 2000, intervalMs: 1000 };

describe('readiness for the builtin supervisor', () => {
  // The probes' schedule runs on fake timers: what is checked is when, in the waiter's own time,
  // it probes and wakes, whatever the load of the machine.
  const fakeTime = () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    return Date.now();
  };

  it('probes early: a service ready after 50 ms is seen long before the 1 s interval', async () => {
    const started = fakeTime();
    let output = '';
    setTimeout(() => (output = 'listening on port 80\n'), 50);
    let readyAt: number | undefined;
    void waitUntilReady({ kind: 'log', pattern: 'listening', ...timing }, { output: async () => output }).then(() => (readyAt = Date.now()));
    await vi.advanceTimersByTimeAsync(1000);
    expect(readyAt).toBeDefined();
    expect(readyAt! - started).toBeLessThan(100);
  });

  it('log: matches lines split across chunks and inside UTF-8 characters, and wakes the waiter at once', async () => {
    fakeTime();
    const lines = new LineMatcher('listening on port \\d+');
    const spec: ReadinessSpec = { kind: 'log', pattern: 'listening on port \\d+', ...timing };
    let woke = false;
    void waitUntilReady(spec, { lines }).then(() => (woke = true));
    // Several probes later, the waiter sleeps for hundreds of milliseconds.
    await vi.advanceTimersByTimeAsync(500);
    expect(woke).toBe(false);
    const bytes = Buffer.from('starting…\nlistening on port 80\n');
    for (let index = 0; index < bytes.length; index += 3) lines.feed(bytes.subarray(index, index + 3));
    await vi.advanceTimersByTimeAsync(0);
    expect(woke).toBe(true);
    expect(new LineMatcher('^x$').feed(Buffer.from('ax\nx'))).toBe(false);
  });

  it('exec: a hanging command is killed, with everything it started, at the attempt timeout', async () => {
    const marker = join(tempDir(), 'hung');
    const result = await probeOnce({ kind: 'exec', command: ['/bin/sh', '-c', `sleep 30 # ${marker}`], ...timing }, {}, 200);
    expect(result).toEqual({ ready: false, reason: `/bin/sh -c sleep 30 # ${marker} still runs after 200 ms` });
  });

  it('honours a shorter remaining timeout than the check\'s own', async () => {
    fakeTime();
    let outcome: unknown;
    const spec: ReadinessSpec = { kind: 'log', pattern: 'never', timeoutMs: 5000, intervalMs: 50 };
    void waitUntilReady(spec, { output: async () => '', timeoutMs: 300 }).catch((error: unknown) => (outcome = error));
    await vi.advanceTimersByTimeAsync(250);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(100);
    expect(outcome).toBeInstanceOf(ReadinessTimeout);
  });

  it('times out with what the last probe saw', async () => {
    const port = await freePort();
    const spec: ReadinessSpec = { kind: 'tcp', host: '127.0.0.1', port, timeoutMs: 300, intervalMs: 50 };
    const error = await waitUntilReady(spec).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ReadinessTimeout);
    expect((error as ReadinessTimeout).lastReason).toBe(`127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
  });
});
