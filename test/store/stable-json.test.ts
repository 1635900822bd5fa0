import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sortKeys, stableJson } from '../../src/store/stable-json.ts';
import { repoRoot } from '../support/cli.ts';

const reference = (value: unknown) => `${JSON.stringify(sortKeys(value), null, 2)}\n`;

describe('stableJson', () => {
  it('writes what sorting the keys and JSON.stringify write, for every kind of value', () => {
    const values: unknown[] = [
      { b: 1, a: [3, { d: null, c: 'x' }], e: {} },
      { 10: 'ten', 2: 'two', b: 'b', a: 'a', '01': 'leading zero', 4294967295: 'not an index', '-1': 'negative' },
      { skipped: undefined, fn: () => 1, sym: Symbol('s'), kept: [undefined, () => 1, Symbol('t'), Number.NaN, -0, Infinity] },
      { date: new Date(0), map: new Map([[1, 2]]), nested: { only: undefined } },
      { text: 'quotes " \\ and \n newlines \u2028 ünïcode', empty: [], emptyObject: {}, deep: [[[]], [{}]] },
      [1, 'two', true, false, null],
      'a string',
      42,
      null,
      { toJSON: () => 'own toJSON', b: 1 },
      { inner: { toJSON: () => ({ z: 1, a: 2 }) } },
      Object.assign(Object.create(null) as object, { z: 1, a: 2 }),
    ];
    for (const value of values) expect(stableJson(value)).toBe(reference(value));
    expect(stableJson(undefined)).toBe(reference(undefined));
  });

  it('writes a real file (package.json) byte for byte as before; a bigint fails as in JSON.stringify', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as unknown;
    expect(stableJson(manifest)).toBe(reference(manifest));
    expect(() => stableJson({ big: 1n })).toThrow(TypeError);
  });
});
