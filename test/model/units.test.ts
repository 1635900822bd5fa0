import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../src/model/units.ts';

describe('parseDuration', () => {
  it('reads milliseconds and strings with units', () => {
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
  });

  it('rejects what is not a duration', () => {
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('5 days')).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
  });
});

describe('parseSize', () => {
  it('reads bytes and binary units', () => {
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('10M')).toBe(10 * 1024 * 1024);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
  });

  it('rejects what is not a size', () => {
    expect(parseSize('big')).toBeUndefined();
    expect(parseSize(0)).toBeUndefined();
  });
});
