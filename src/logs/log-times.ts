import { statSync } from 'node:fs';
import { lastLines } from './last-lines.ts';

// The stamp procform's log writers put at line starts (log: { timestamps: true }): ISO 8601, UTC, ms.
const stampPattern = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /;

/** The time a line carries at its start, when it was written with `log: { timestamps: true }`. */
export function stampedTime(line: string): number | null {
  const match = stampPattern.exec(line);
  return match ? Date.parse(match[1]!) : null;
}

/** A line of a log and the time its file was last written: no line of that file is newer. */
export interface PastLine {
  line: string;
  writtenBy: number;
}

/**
 * The last `count` lines of a log and its rotated files (file.1 the newest) that were written at or
 * after `since`: exactly for lines that carry their time, by their file's write time for the others
 * (a file last written before `since` has no line since; every line of a later one may be).
 */
export function pastLines(file: string, count: number, rotatedFiles: number, since: number | undefined): PastLine[] {
  const files = [file, ...Array.from({ length: rotatedFiles }, (_, index) => `${file}.${index + 1}`)];
  const lines: PastLine[] = [];
  for (const path of files) {
    if (lines.length >= count) break;
    let writtenBy: number;
    try {
      writtenBy = statSync(path).mtimeMs;
    } catch {
      continue;
    }
    if (since !== undefined && writtenBy < since) break;
    const own = lastLines(path, since === undefined ? count - lines.length : Number.POSITIVE_INFINITY, 0)
      .filter((line) => since === undefined || (stampedTime(line) ?? writtenBy) >= since)
      .map((line) => ({ line, writtenBy }));
    lines.unshift(...own.slice(-(count - lines.length)));
  }
  return lines;
}

/**
 * `procform logs --timestamps`: a line that carries its time is shown as it is; any other gets the
 * time procform knows for it, marked: `~` the time it was read while following (within a tenth of a
 * second of its writing), `≤` its file's last write (it was written then or before).
 */
export function withTime(line: string, time: number, mark: '~' | '≤'): string {
  return stampedTime(line) === null ? `${mark}${new Date(time).toISOString()} ${line}` : line;
}
