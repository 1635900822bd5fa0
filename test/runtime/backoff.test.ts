import { describe, expect, it } from 'vitest';
import { decideRestart, MIN_UPTIME_MS, newRestartCounter, START_RETRIES } from '../../src/runtime/backoff.ts';
import type { RestartSpec } from '../../src/model/types.ts';

const spec = (policy: RestartSpec['policy'], maxRestarts = 5): RestartSpec => ({
  policy,
  backoff: { initialMs: 100, multiplier: 2, maxMs: 1000, maxRestarts, resetAfterMs: 60_000 },
});
/** A run that ended after it had counted as started. */
const crashed = { succeeded: false, durationMs: 10 * MIN_UPTIME_MS, started: true };

describe('decideRestart', () => {
  it('restarts at once after the first crash, then grows the delay by the multiplier up to the maximum, then fails after maxRestarts', () => {
    const counter = newRestartCounter();
    const decisions = Array.from({ length: 7 }, () => decideRestart(spec('always'), counter, crashed));
    expect(decisions.slice(0, 5)).toEqual([0, 100, 200, 400, 800].map((delayMs) => ({ action: 'restart', delayMs })));
    expect(decisions[5]).toEqual({ action: 'fail', why: 'gave up after 5 restarts without a run of 60000 ms' });
    const capped = newRestartCounter();
    const delays = Array.from({ length: 6 }, () => decideRestart(spec('always', 10), capped, crashed)).map((decision) => (decision as { delayMs: number }).delayMs);
    expect(delays).toEqual([0, 100, 200, 400, 800, 1000]);
  });

  it('forgets earlier restarts after a run of resetAfter: the next restart is immediate again', () => {
    const counter = newRestartCounter();
    for (let index = 0; index < 4; index += 1) decideRestart(spec('on-failure'), counter, crashed);
    expect(decideRestart(spec('on-failure'), counter, { ...crashed, durationMs: 60_000 })).toEqual({ action: 'restart', delayMs: 0 });
    expect(decideRestart(spec('on-failure'), counter, crashed)).toEqual({ action: 'restart', delayMs: 100 });
  });

  it("follows the policy: 'no' never restarts, 'on-failure' not after success, 'always' even then", () => {
    expect(decideRestart(spec('no'), newRestartCounter(), { succeeded: false, durationMs: 1, started: false })).toEqual({ action: 'fail', why: "restart policy is 'no'" });
    expect(decideRestart(spec('no'), newRestartCounter(), { ...crashed, succeeded: true })).toEqual({ action: 'stay-stopped' });
    expect(decideRestart(spec('on-failure'), newRestartCounter(), { ...crashed, succeeded: true })).toEqual({ action: 'stay-stopped' });
    expect(decideRestart(spec('always'), newRestartCounter(), { ...crashed, succeeded: true })).toEqual({ action: 'restart', delayMs: 0 });
  });

  it('fails at once when maxRestarts is 0', () => {
    expect(decideRestart(spec('always', 0), newRestartCounter(), crashed)).toMatchObject({ action: 'fail' });
  });

  it(`fails a crash loop: ${START_RETRIES + 1} runs in a row that never counted as started, whatever maxRestarts allows`, () => {
    const counter = newRestartCounter();
    const early = { succeeded: false, durationMs: 5, started: false };
    const decisions = Array.from({ length: START_RETRIES + 1 }, () => decideRestart(spec('always', 100), counter, early));
    expect(decisions.slice(0, START_RETRIES).every((decision) => decision.action === 'restart')).toBe(true);
    expect(decisions[START_RETRIES]).toEqual({ action: 'fail', why: `it ended before it counted as started (1 s up, or its readiness check passed) ${START_RETRIES + 1} times in a row` });
  });

  it('counts only early ends in a row: a run that counted as started clears them', () => {
    const counter = newRestartCounter();
    const early = { succeeded: false, durationMs: 5, started: false };
    for (let index = 0; index < START_RETRIES; index += 1) decideRestart(spec('always', 100), counter, early);
    expect(decideRestart(spec('always', 100), counter, crashed).action).toBe('restart');
    expect(decideRestart(spec('always', 100), counter, early).action).toBe('restart');
  });
});
