// The start rule of issue 12.3 (src/runtime/backoff.ts), applied by every driver whose manager
// reports a program started as soon as it runs (systemd's Type=exec, s6, runit, OpenRC's
// supervise-daemon): a start counts once the instance passed its readiness check or, without one,
// once one run of it stayed up MIN_UPTIME_MS. A run that ends sooner is short; START_RETRIES + 1
// short runs in a row fail the start (the number at which the shared restart policy gives up), as
// does an end after which the manager does not restart it, or the deadline. The failure says how
// the last run ended and quotes the last lines of the log.
import { setTimeout as sleep } from 'node:timers/promises';
import { duration, MIN_UPTIME_MS, START_RETRIES } from '../runtime/backoff.ts';
import { InstanceFailedError, withLastLines } from './instance-failed.ts';
import type { EventSink } from './types.ts';

/** What the manager says of an instance now. */
export type RunView =
  /**
   * A run is going on. `run` tells runs apart (a PID, with a restart count where the manager keeps
   * one); `restarts`, when the manager counts them, tells how many runs ended since the start
   * (several short runs may fall between two looks); `since` is when the run began, when known;
   * `ready` whether its readiness check passes now (asked only for an instance that has one).
   */
  | { state: 'up'; run: string; restarts?: number; since?: number | null; ready?: boolean }
  /** Between runs: the last one ended (`ended`: how, in words, when known) and the manager restarts it. */
  | { state: 'down'; restarts?: number; ended?: string }
  /** The program did its work: it exited 0 and its policy does not restart it. */
  | { state: 'done' }
  /** It ended and stays down (its policy, or the manager gave up): why, in words. */
  | { state: 'failed'; reason: string };

export interface StartWatch {
  instance: string;
  /** Whether the instance has a readiness check (then `ready` counts, not the time up). */
  hasReadiness: boolean;
  /** The manager's view of the instance, asked every `intervalMs`. */
  observe(): Promise<RunView>;
  /** How long the start may take in all. */
  timeoutMs: number;
  /** The log whose last lines a failure quotes (null when there is none to read). */
  logFile: string | null;
  /** Who restarts it, for the message after a short run: "runsv", "systemd". */
  manager: string;
  /** How the last run ended, in words, where the manager keeps it (else what `down` views said). */
  lastEnd?: () => Promise<string | undefined>;
  hint?: string;
  intervalMs?: number;
}

/** Resolves once the start counts; throws an InstanceFailedError when it cannot. */
export async function watchStart(watch: StartWatch, events: EventSink): Promise<void> {
  const deadline = Date.now() + watch.timeoutMs;
  const intervalMs = watch.intervalMs ?? 50;
  let current = null as { run: string; since: number } | null;
  // Runs that ended since the start, each short (one that counted would have ended the watch): seen
  // to go, or told by the manager's restart count, which also covers runs too short to be seen.
  let seenEnded = 0;
  let firstRestarts: number | undefined;
  let shortRuns = 0;
  let ended: string | undefined;
  let reported = false;
  const fail = (reason: string): never => {
    throw InstanceFailedError.of(watch.instance, withLastLines(reason, watch.logFile), { hint: watch.hint ?? `See its log: procform logs ${watch.instance}` });
  };
  const shortRunsFail = async () => {
    ended = (await watch.lastEnd?.()) ?? ended;
    const why = `it ended before it counted as started (${duration(MIN_UPTIME_MS)} up${watch.hasReadiness ? ', or its readiness check passed' : ''}) ${shortRuns} times in a row`;
    fail(ended === undefined ? why : `${ended}; ${why}`);
  };
  for (;;) {
    const view = await watch.observe();
    const now = Date.now();
    if (view.state === 'failed') return fail(view.reason);
    if (view.state === 'done') {
      if (!watch.hasReadiness) return;
      return fail('it exited before its readiness check passed');
    }
    const run = view.state === 'up' ? view.run : null;
    if (current !== null && current.run !== run) seenEnded += 1;
    if (view.state === 'down' && view.ended !== undefined) ended = view.ended;
    if (view.restarts !== undefined) firstRestarts ??= view.restarts;
    shortRuns = Math.max(seenEnded, view.restarts === undefined ? 0 : view.restarts - firstRestarts!);
    if (view.state === 'up') {
      if (current?.run !== view.run) current = { run: view.run, since: view.since ?? now };
      if (watch.hasReadiness ? view.ready === true : now - current.since >= MIN_UPTIME_MS) return;
    } else {
      current = null;
    }
    if (shortRuns > START_RETRIES) return await shortRunsFail();
    if (shortRuns > 0 && !reported) {
      reported = true;
      events({ kind: 'info', message: `${watch.instance}: ${ended ?? 'it ended'} before it counted as started; ${watch.manager} restarts it` });
    }
    if (now > deadline) {
      if (shortRuns > 0) return await shortRunsFail();
      return fail(watch.hasReadiness ? `not ready within ${duration(watch.timeoutMs)}` : `it did not stay up ${duration(MIN_UPTIME_MS)} within ${duration(watch.timeoutMs)}`);
    }
    await sleep(Math.max(1, Math.min(intervalMs, deadline - now)));
  }
}
