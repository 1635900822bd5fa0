// `procform build --explain` as data: per instance, per feature, native / emulated / dropped.
import type { Capability } from '../../../src/backends/types.ts';

export type Support = Capability['support'];
export type Claims = Record<string, Partial<Record<Capability['feature'], { support: Support; detail: string }>>>;

/** Parses the text `--explain` prints (without colours): an instance line, then `  feature  support  detail` lines. */
export function parseExplain(text: string): Claims {
  const claims: Claims = {};
  let instance: string | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const feature = /^ {2}(\S+(?: \S+)?) +(native|emulated|dropped) +(.*)$/.exec(line);
    if (!line.startsWith(' ')) claims[(instance = line.trim())] = {};
    else if (feature && instance !== undefined) claims[instance]![feature[1] as Capability['feature']] = { support: feature[2] as Support, detail: feature[3]! };
    else throw new Error(`unexpected --explain line: ${JSON.stringify(line)}`);
  }
  return claims;
}
