import { describe, expect, it } from 'vitest';
import type { ManifestInstance } from '../../../src/build/manifest.ts';
import { startInOrder } from '../../../src/backends/systemd/start-in-order.ts';
import { eventually } from '../../support/eventually.ts';

const entry = (instance: string, dependencies: string[] = []) => ({ instance, name: instance, dependencies }) as unknown as ManifestInstance;

describe('startInOrder', () => {
  it('starts independent instances at once and a dependent only after its dependencies', async () => {
    const log: string[] = [];
    const readiness = new Map<string, () => void>();
    const starting = startInOrder([entry('a'), entry('b'), entry('c', ['a', 'b'])], async ({ instance }) => {
      log.push(`start ${instance}`);
      await new Promise<void>((resolve) => readiness.set(instance, resolve));
      log.push(`ready ${instance}`);
    });
    const ready = async (instance: string) => {
      (await eventually(() => readiness.get(instance), 1000, `${instance} to start`))();
      await new Promise((resolve) => setImmediate(resolve));
    };
    await ready('b');
    await ready('a');
    await ready('c');
    await starting;
    expect(log).toEqual(['start a', 'start b', 'ready b', 'ready a', 'start c', 'ready c']);
  });

  it('starts nothing new after a failure, lets the starts under way finish, then throws the first error', async () => {
    const log: string[] = [];
    const starting = startInOrder([entry('bad'), entry('slow'), entry('dependent', ['bad']), entry('later', ['slow'])], async ({ instance }) => {
      log.push(`start ${instance}`);
      if (instance === 'bad') throw new Error('bad failed');
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`ready ${instance}`);
    });
    await expect(starting).rejects.toThrow('bad failed');
    expect(log).toEqual(['start bad', 'start slow', 'ready slow']);
  });

  it('ignores dependencies that need no start (kept instances)', async () => {
    const started: string[] = [];
    await startInOrder([entry('web', ['db'])], async ({ instance }) => void started.push(instance));
    expect(started).toEqual(['web']);
  });
});
