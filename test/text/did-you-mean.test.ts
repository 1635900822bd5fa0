import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean } from '../../src/text/did-you-mean.ts';

describe('didYouMean', () => {
  it('finds the closest candidate within a few edits, swapped letters counting as one', () => {
    expect(closestMatch('swtich', ['switch', 'status', 'stop'])).toBe('switch');
    expect(closestMatch('stauts', ['switch', 'status'])).toBe('status');
    expect(closestMatch('nginxx', ['nginx', 'webapp1', 'webapp2'])).toBe('nginx');
    expect(closestMatch('webap1', ['webapp1', 'webapp2'])).toBe('webapp1');
  });

  it('suggests nothing far away, or for a word that is right', () => {
    expect(closestMatch('database', ['webapp', 'nginx'])).toBeUndefined();
    expect(closestMatch('xy', ['ab'])).toBeUndefined();
    expect(didYouMean('nginx', ['nginx'])).toBe('');
    expect(didYouMean('ngnix', ['nginx'])).toBe(' (did you mean "nginx"?)');
  });
});
