import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadinessSpec } from '../model/types.ts';
import type { ProbeContext } from './probe.ts';
import { probeOnce } from './probe.ts';

export class ReadinessTimeout extends Error {
  readonly lastReason: string;

  constructor(spec: ReadinessSpec, lastReason: string) {
    super(`not ready after ${spec.timeoutMs} ms (${spec.kind}): ${lastReason}`);
    this.name = 'ReadinessTimeout';
    this.lastReason = lastReason;
  }
}

/**
 * Probes every `intervalMs` until the check passes, `timeoutMs` passes (ReadinessTimeout), or the
 * signal aborts (AbortError). A missing spec means ready once started.
 */
export async function waitUntilReady(spec: ReadinessSpec | null, options: ProbeContext & { signal?: AbortSignal } = {}): Promise<void> {
  if (spec === null) return;
  const deadline = Date.now() + spec.timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    const attemptMs = Math.max(1, Math.min(5000, deadline - Date.now()));
    const result = await probeOnce(spec, options, attemptMs);
    if (result.ready) return;
    if (Date.now() + spec.intervalMs > deadline) throw new ReadinessTimeout(spec, result.reason);
    await sleep(spec.intervalMs, undefined, options.signal ? { signal: options.signal } : {});
  }
}
