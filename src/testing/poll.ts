import { setTimeout as sleep } from 'node:timers/promises';
import { MachineTimeoutError } from './errors.ts';

/** One look at a condition: done with a value, or not yet with what was seen (for the timeout message). */
export type Attempt<T> = { done: true; value: T } | { done: false; seen: string };

/**
 * Checks until done or the deadline, then fails with what the last attempt saw. Checks start 20 ms
 * apart and slow down to 250 ms: a service that is ready in milliseconds is seen at once, and a slow
 * one does not cost a command every few milliseconds. An exception from a check (the machine is
 * gone) ends the wait at once rather than at the deadline.
 */
export async function poll<T>(check: () => Promise<Attempt<T>>, options: { machine: string; what: string; timeoutMs: number }): Promise<T> {
  const started = Date.now();
  let interval = 20;
  for (;;) {
    const attempt = await check();
    if (attempt.done) return attempt.value;
    const left = options.timeoutMs - (Date.now() - started);
    if (left <= 0) throw new MachineTimeoutError(options.machine, options.what, Date.now() - started, attempt.seen);
    await sleep(Math.min(interval, left));
    interval = Math.min(interval * 1.5, 250);
  }
}
