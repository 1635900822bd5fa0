// Waits until a readiness check passes. Dependency-free (node: modules only), so that the
// supervisor, other backends' wrapper scripts (through main.ts) and the test driver share it.
import type { ReadinessSpec } from '../model/types.ts';
import { describeReadiness } from './describe.ts';
import { probeExec } from './exec.ts';
import { probeFile } from './file.ts';
import type { LineMatcher } from './log-line.ts';
import type { ProbeResult } from './probe.ts';
import { notReady, ready } from './probe.ts';
import { probeTcp } from './tcp.ts';

export interface WaitOptions {
  /** Aborting stops waiting; the result is then "aborted". */
  signal?: AbortSignal;
  /** For `log` checks: the matcher the caller feeds with the process's output. */
  lines?: LineMatcher;
  /** Environment of `exec` probes. */
  env?: NodeJS.ProcessEnv;
  /** Overrides spec.timeoutMs (a caller that already spent part of it). */
  timeoutMs?: number;
}

/** The first probes come sooner than `interval`: most services are ready within milliseconds, and every dependent waits on it. */
const firstDelayMs = 5;

/** Probes until ready, the timeout, or the abort signal; the failure says what the last probe saw. */
export async function waitUntilReady(spec: ReadinessSpec, options: WaitOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? spec.timeoutMs;
  const deadline = Date.now() + timeoutMs;
  let delay = Math.min(firstDelayMs, spec.intervalMs);
  let last: ProbeResult;
  for (;;) {
    if (options.signal?.aborted) return notReady('aborted');
    const remaining = deadline - Date.now();
    last = await probeOnce(spec, Math.max(1, Math.min(remaining, Math.max(spec.intervalMs, 1000))), options);
    if (last.ok) return ready;
    if (Date.now() + delay > deadline) break;
    await sleep(delay, options);
    delay = Math.min(delay * 2, spec.intervalMs);
  }
  return notReady(`not ready after ${formatMs(spec.timeoutMs)} (${describeReadiness(spec)}): ${last.detail}`);
}

/** One probe of the check, bounded by attemptTimeoutMs. */
export function probeOnce(spec: ReadinessSpec, attemptTimeoutMs: number, options: WaitOptions = {}): Promise<ProbeResult> {
  switch (spec.kind) {
    case 'tcp':
      return probeTcp(spec.host, spec.port, attemptTimeoutMs);
    case 'http':
      // Loaded on first use: node:https brings TLS, megabytes the supervisor should not carry for nothing.
      return import('./http.ts').then(({ probeHttp }) => probeHttp(spec.url, spec.status, attemptTimeoutMs));
    case 'exec':
      return probeExec(spec.command, attemptTimeoutMs, options.env);
    case 'file':
      return probeFile(spec.path);
    case 'log':
      if (!options.lines) return Promise.resolve(notReady('no output to match against'));
      return Promise.resolve(options.lines.matched ? ready : notReady(`no line matched /${spec.pattern}/ yet`));
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

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
