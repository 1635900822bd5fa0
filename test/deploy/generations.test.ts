import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addGeneration, currentGeneration, deleteGenerations, listGenerations, setCurrent } from '../../src/deploy/generations.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('generations', () => {
  it('are numbered links to profiles, one of them current', async () => {
    const profiles = { dir: join(tempDir(), 'profiles'), name: 'processes' };
    expect(await currentGeneration(profiles)).toBeUndefined();
    await addGeneration(profiles, '/store/aaa-profile');
    await addGeneration(profiles, '/store/bbb-profile');
    expect((await listGenerations(profiles)).map((g) => [g.number, g.path, g.current])).toEqual([
      [1, '/store/aaa-profile', false],
      [2, '/store/bbb-profile', true],
    ]);
    await setCurrent(profiles, 1);
    expect((await currentGeneration(profiles))?.number).toBe(1);
    // A new generation follows the highest number, not the current one.
    expect((await addGeneration(profiles, '/store/ccc-profile')).number).toBe(3);
  });

  it('can be deleted, except the current one; other profile names are separate', async () => {
    const dir = join(tempDir(), 'profiles');
    const profiles = { dir, name: 'processes' };
    await addGeneration(profiles, '/store/a');
    await addGeneration(profiles, '/store/b');
    await addGeneration({ dir, name: 'other' }, '/store/c');
    await expect(deleteGenerations(profiles, [2])).rejects.toThrow(/current one/);
    await expect(deleteGenerations(profiles, [7])).rejects.toThrow(/does not exist/);
    expect(await deleteGenerations(profiles, [1])).toEqual([1]);
    expect((await listGenerations(profiles)).map((g) => g.number)).toEqual([2]);
    expect((await listGenerations({ dir, name: 'other' })).map((g) => g.path)).toEqual(['/store/c']);
  });
});
