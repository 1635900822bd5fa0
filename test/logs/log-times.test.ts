import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/cli/commands/logs.ts';
import { pastLines, stampedTime, withTime } from '../../src/logs/log-times.ts';
import { tempDir } from '../support/temp-dir.ts';

const at = (iso: string) => Date.parse(iso);

/** A log file whose last write was at `iso`. */
function logFile(path: string, lines: string[], iso: string): void {
  writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
  utimesSync(path, new Date(iso), new Date(iso));
}

describe('log lines and their times', () => {
  it('--since: lines that carry their time are chosen by it; others by their file\'s last write, rotated files included', () => {
    const dir = tempDir();
    const file = join(dir, 'web.log');
    logFile(`${file}.2`, ['oldest'], '2026-01-01T08:00:00.000Z');
    logFile(`${file}.1`, ['2026-01-01T09:00:00.000Z stamped early', '2026-01-01T09:30:00.000Z stamped late'], '2026-01-01T09:30:00.000Z');
    logFile(file, ['unstamped a', 'unstamped b'], '2026-01-01T10:00:00.000Z');
    expect(pastLines(file, Infinity, 2, at('2026-01-01T09:15:00Z')).map((past) => past.line)).toEqual([
      '2026-01-01T09:30:00.000Z stamped late',
      'unstamped a',
      'unstamped b',
    ]);
    expect(pastLines(file, 2, 2, at('2026-01-01T07:00:00Z')).map((past) => past.line)).toEqual(['unstamped a', 'unstamped b']);
    expect(pastLines(file, 4, 2, undefined).map((past) => past.line)).toEqual([
      '2026-01-01T09:00:00.000Z stamped early',
      '2026-01-01T09:30:00.000Z stamped late',
      'unstamped a',
      'unstamped b',
    ]);
    expect(pastLines(file, Infinity, 2, at('2026-01-01T11:00:00Z'))).toEqual([]);
  });

  it('--timestamps: a stamped line stays as it is, others get their nearest known time, marked', () => {
    expect(stampedTime('2026-01-01T09:00:00.000Z hello')).toBe(at('2026-01-01T09:00:00Z'));
    expect(stampedTime('hello 2026-01-01T09:00:00.000Z')).toBeNull();
    expect(withTime('2026-01-01T09:00:00.000Z hello', 0, '≤')).toBe('2026-01-01T09:00:00.000Z hello');
    expect(withTime('hello', at('2026-01-01T10:00:00Z'), '≤')).toBe('≤2026-01-01T10:00:00.000Z hello');
    expect(withTime('hello', at('2026-01-01T10:00:00Z'), '~')).toBe('~2026-01-01T10:00:00.000Z hello');
  });

  it('--since takes a duration back from now or a time, and rejects anything else', () => {
    const now = at('2026-01-02T00:00:00Z');
    expect(parseSince('10m', now)).toBe(now - 600_000);
    expect(parseSince('2h', now)).toBe(now - 7_200_000);
    expect(parseSince('3d', now)).toBe(now - 3 * 86_400_000);
    expect(parseSince('2026-01-01T10:00:00Z', now)).toBe(at('2026-01-01T10:00:00Z'));
    expect(parseSince('2026-01-01 10:00:00Z', now)).toBe(at('2026-01-01T10:00:00Z'));
    expect(() => parseSince('yesterday-ish', now)).toThrow(/neither a duration nor a time/);
  });
});
