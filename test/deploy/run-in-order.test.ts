import { describe, expect, it } from 'vitest';
import { InstanceFailedError } from '../../src/deploy/instance-failed.ts';
import { runInOrder } from '../../src/deploy/run-in-order.ts';
import { throwFirstFailure } from '../../src/deploy/throw-first-failure.ts';
import type { DeployEvent } from '../../src/deploy/types.ts';

/** Lets the other tasks run: a task that takes a turn of the event loop. */
const aTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('runInOrder', () => {
  it('starts a task only after its prerequisites, and never more than the limit at once', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (key: string, after: string[] = []) => ({
      key,
      after,
      limited: true,
      run: async () => {
        running += 1;
        most = Math.max(most, running);
        log.push(`begin ${key}`);
        await aTurn();
        log.push(`end ${key}`);
        running -= 1;
      },
    });
    const outcomes = await runInOrder([task('web', ['db']), task('db'), task('a'), task('b'), task('c')], 2);
    expect([...outcomes.values()].every((outcome) => outcome === null)).toBe(true);
    expect(most).toBe(2);
    expect(log.indexOf('begin web')).toBeGreaterThan(log.indexOf('end db'));
  });

  it('does not run a task whose prerequisite failed, and says which', async () => {
    const ran: string[] = [];
    const outcomes = await runInOrder(
      [
        { key: 'db', after: [], limited: true, run: async () => { throw new Error('boom'); } },
        { key: 'web', after: ['db'], limited: true, run: async () => { ran.push('web'); } },
        { key: 'other', after: [], limited: true, run: async () => { ran.push('other'); } },
      ],
      1,
    );
    expect(outcomes.get('db')?.message).toBe('boom');
    expect(outcomes.get('web')?.message).toBe('not started: its dependency "db" failed');
    expect(ran).toEqual(['other']);
  });
});

describe('after a failure (every driver)', () => {
  it('starts what does not depend on the failed instance, skips its dependents, and throws its own failure, reporting the rest', async () => {
    const started: string[] = [];
    const task = (key: string, after: string[] = []) => ({
      key,
      after,
      limited: true,
      run: async () => {
        await aTurn();
        if (key === 'bad') throw InstanceFailedError.of('bad', 'exited 3');
        started.push(key);
      },
    });
    const order = ['bad', 'slow', 'dependent', 'later'];
    const outcomes = await runInOrder([task('bad'), task('slow'), task('dependent', ['bad']), task('later', ['slow'])], 4);
    expect(started).toEqual(['slow', 'later']);
    const events: DeployEvent[] = [];
    expect(() => throwFirstFailure(order, outcomes, (event) => events.push(event))).toThrow('instance "bad" failed: exited 3');
    expect(events).toEqual([{ kind: 'failed', instance: 'dependent', reason: 'not started: its dependency "bad" failed' }]);
  });

  it('lets a task give its slot back early (a start proving it stays up): the next one begins meanwhile', async () => {
    let waiting = 0;
    let most = 0;
    const task = (key: string) => ({
      key,
      after: [],
      limited: true,
      run: async (releaseSlot: () => void) => {
        releaseSlot();
        waiting += 1;
        most = Math.max(most, waiting);
        await aTurn();
        waiting -= 1;
      },
    });
    const outcomes = await runInOrder([task('a'), task('b'), task('c')], 1);
    expect([...outcomes.values()]).toEqual([null, null, null]);
    expect(most).toBe(3);
  });
});
