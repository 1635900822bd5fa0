// The start rule as drivers watch it (src/deploy/watch-start.ts), fed the views a manager gives.
import { describe, expect, it } from 'vitest';
import type { DeployEvent } from '../../src/deploy/types.ts';
import type { RunView, StartWatch } from '../../src/deploy/watch-start.ts';
import { watchStart } from '../../src/deploy/watch-start.ts';
import { MIN_UPTIME_MS, START_RETRIES } from '../../src/runtime/backoff.ts';

/** A watch over views given in turn (the last one repeated), and the events it reported. */
function watching(views: RunView[], options: Partial<StartWatch> = {}) {
  const events: DeployEvent[] = [];
  let next = 0;
  const watch: StartWatch = {
    instance: 'looper',
    hasReadiness: false,
    timeoutMs: 30_000,
    logFile: null,
    manager: 'the manager',
    intervalMs: 1,
    observe: async () => views[Math.min(next++, views.length - 1)]!,
    ...options,
  };
  return { run: () => watchStart(watch, (event) => events.push(event)), events };
}

describe('watchStart', () => {
  it('counts a run that began MIN_UPTIME_MS ago, and one that did its work', async () => {
    await watching([{ state: 'up', run: '10', since: Date.now() - MIN_UPTIME_MS }]).run();
    await watching([{ state: 'done' }]).run();
  });

  it('fails after START_RETRIES + 1 short runs, with how the last one ended, also when runs fall between two looks', async () => {
    const short = (run: number, restarts: number): RunView[] => [
      { state: 'up', run: String(run), restarts },
      { state: 'down', restarts, ended: 'it exited 3' },
    ];
    const { run, events } = watching([...short(1, 0), ...short(2, 1), ...short(3, 2), ...short(4, 3), { state: 'up', run: '5', restarts: 4 }]);
    await expect(run()).rejects.toThrow(`instance "looper" failed: it exited 3; it ended before it counted as started (1 s up) ${START_RETRIES + 1} times in a row`);
    expect(events).toEqual([{ kind: 'info', message: 'looper: it exited 3 before it counted as started; the manager restarts it' }]);

    // Only the manager's restart count saw the runs in between.
    const skipped = watching([{ state: 'up', run: '1', restarts: 0 }, { state: 'up', run: '9', restarts: START_RETRIES + 1 }], { lastEnd: async () => 'it was killed by SIGSEGV' });
    await expect(skipped.run()).rejects.toThrow(/failed: it was killed by SIGSEGV; it ended before it counted as started/);
  });

  it('fails at once when the manager keeps it down, and a readiness check counts instead of the time up', async () => {
    await expect(watching([{ state: 'failed', reason: 'it exited 3; not restarted' }]).run()).rejects.toThrow('instance "looper" failed: it exited 3; not restarted');
    await watching([{ state: 'up', run: '1', ready: false }, { state: 'up', run: '1', ready: true }], { hasReadiness: true }).run();
    await expect(watching([{ state: 'done' }], { hasReadiness: true }).run()).rejects.toThrow(/exited before its readiness check passed/);
  });
});
