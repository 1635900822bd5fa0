import { describe, expect, it } from 'vitest';
import { decideRestart } from '../../src/runtime/backoff.ts';
import type { RestartSpec } from '../../src/model/types.ts';

const spec = (policy: RestartSpec['policy'], maxRestarts = 5): RestartSpec => ({
  policy,
  backoff: { initialMs: 100, multiplier: 2, maxMs: 1000, maxRestarts, resetAfterMs: 60_000 },
});

describe('decideRestart', () => {
  it('grows the delay by the multiplier up to the maximum, then fails after maxRestarts', () => {
    const counter = { recent: 0 };
    const decisions = Array.from({ length: 7 }, () => decideRestart(spec('always'), counter, { succeeded: false, durationMs: 10 }));
    expect(decisions.slice(0, 5)).toEqual([100, 200, 400, 800, 1000].map((delayMs) => ({ action: 'restart', delayMs })));
    expect(decisions[5]).toEqual({ action: 'fail', why: 'gave up after 5 restarts without a run of 60000 ms' });
  });

  it('forgets earlier restarts after a run of resetAfter', () => {
    const counter = { recent: 0 };
    for (let index = 0; index < 4; index += 1) decideRestart(spec('on-failure'), counter, { succeeded: false, durationMs: 10 });
    expect(decideRestart(spec('on-failure'), counter, { succeeded: false, durationMs: 60_000 })).toEqual({ action: 'restart', delayMs: 100 });
  });

  it("follows the policy: 'no' never restarts, 'on-failure' not after success, 'always' even then", () => {
    expect(decideRestart(spec('no'), { recent: 0 }, { succeeded: false, durationMs: 1 })).toEqual({ action: 'fail', why: "restart policy is 'no'" });
    expect(decideRestart(spec('no'), { recent: 0 }, { succeeded: true, durationMs: 1 })).toEqual({ action: 'stay-stopped' });
    expect(decideRestart(spec('on-failure'), { recent: 0 }, { succeeded: true, durationMs: 1 })).toEqual({ action: 'stay-stopped' });
    expect(decideRestart(spec('always'), { recent: 0 }, { succeeded: true, durationMs: 1 })).toEqual({ action: 'restart', delayMs: 100 });
  });

  it('fails at once when maxRestarts is 0', () => {
    expect(decideRestart(spec('always', 0), { recent: 0 }, { succeeded: false, durationMs: 1 })).toMatchObject({ action: 'fail' });
  });
});
