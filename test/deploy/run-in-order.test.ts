import { describe, expect, it } from 'vitest';
import { runInOrder } from '../../src/deploy/run-in-order.ts';

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
