import type { ReadinessSpec } from '../model/types.ts';
import { describeReadiness } from './describe.ts';
import type { ProbeContext } from './probe.ts';
import { probeOnce } from './probe.ts';

export class ReadinessTimeout extends Error {
  readonly lastReason: string;

  constructor(spec: ReadinessSpec, lastReason: string) {
    super(`not ready after ${spec.timeoutMs} ms (${describeReadiness(spec)}): ${lastReason}`);
    this.name = 'ReadinessTimeout';
    this.lastReason = lastReason;
  }
}

export interface WaitOptions extends ProbeContext {
  /** Aborting stops waiting with an AbortError. */
  signal?: AbortSignal;
  /** Overrides spec.timeoutMs, for a caller that already spent part of it (the message still names spec.timeoutMs). */
  timeoutMs?: number;
}

/** The first probes come sooner than `interval`: most services are ready within milliseconds, and every dependent waits on it. */
const firstDelayMs = 5;

/**
 * Probes until the check passes, the timeout passes (ReadinessTimeout, with what the last probe
 * saw), or the signal aborts (AbortError). A missing spec means ready once started. Probes begin 5 ms
 * apart and back off to `intervalMs`; a `log` check with a line matcher wakes as soon as a line matches.
 */
export async function waitUntilReady(spec: ReadinessSpec | null, options: WaitOptions = {}): Promise<void> {
  if (spec === null) return;
  const deadline = Date.now() + (options.timeoutMs ?? spec.timeoutMs);
  let delay = Math.min(firstDelayMs, spec.intervalMs);
  const fullAttemptMs = Math.min(5000, options.timeoutMs ?? spec.timeoutMs);
  let reason: string | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const attemptMs = Math.max(1, Math.min(5000, deadline - Date.now()));
    const result = await probeOnce(spec, options, attemptMs);
    if (result.ready) return;
    // A last attempt cut short by the deadline ("still runs after 3 ms") says less than the one before.
    if (attemptMs >= fullAttemptMs || reason === undefined) reason = result.reason;
    if (Date.now() + delay > deadline) throw new ReadinessTimeout(spec, reason);
    await sleep(delay, options);
    delay = Math.min(delay * 2, spec.intervalMs);
  }
}

/** Sleeps, waking early when aborted or when a watched log line matches. */
function sleep(ms: number, options: WaitOptions): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    options.signal?.addEventListener('abort', done, { once: true });
    options.lines?.onMatch(done);
  });
}
