import { appendFileSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLog } from '../../src/logs/write-log.ts';
import { tempDir } from '../support/temp-dir.ts';
import { eventually, patiently } from '../support/eventually.ts';

describe('reading a log file', () => {
  it('prints the last lines, reaching into the rotated file when the current one is short', async () => {
    const file = join(tempDir(), 'web.log');
    writeFileSync(`${file}.1`, 'one\ntwo\nthree\n');
    writeFileSync(file, 'four\nfive\n');
    const lines: string[] = [];
    await writeLog(file, 1, { lines: 4, follow: false }, (line) => lines.push(line));
    expect(lines).toEqual(['two', 'three', 'four', 'five']);
  });

  it('without --follow, prints a last line that has no newline yet', async () => {
    const file = join(tempDir(), 'svc.log');
    writeFileSync(file, 'a\nb\nc');
    const lines: string[] = [];
    await writeLog(file, 1, { lines: 2, follow: false }, (line) => lines.push(line));
    expect(lines).toEqual(['b', 'c']);
  });

  it('follows across rotations (rename to .1, new file) without losing or repeating lines', async () => {
    const file = join(tempDir(), 'web.log');
    writeFileSync(file, 'old\n');
    const lines: string[] = [];
    const controller = new AbortController();
    const following = writeLog(file, 1, { lines: 1, follow: true, signal: controller.signal }, (line) => lines.push(line));
    await eventually(() => lines.includes('old'));
    appendFileSync(file, 'a1\na2\npart');
    await eventually(() => lines.includes('a2'));
    appendFileSync(file, 'ial\n');
    // supervisord's rotation: the file becomes .1 and output continues in a new file.
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'b1\n');
    await eventually(() => lines.includes('b1'));
    appendFileSync(file, 'b2\n');
    await eventually(() => lines.includes('b2'));
    controller.abort();
    await following;
    expect(lines).toEqual(['old', 'a1', 'a2', 'partial', 'b1', 'b2']);
  });

  it('prints the last lines, then follows new ones across a rotation and a truncation', async () => {
    const file = join(tempDir(), 'svc.log');
    writeFileSync(file, 'one\ntwo\nthree\nfour');
    const lines: string[] = [];
    const controller = new AbortController();
    const following = writeLog(file, 1, { lines: 2, follow: true, signal: controller.signal }, (line) => lines.push(line));
    await expect.poll(() => lines, patiently).toEqual(['two', 'three']);
    appendFileSync(file, ' (complete)\nfive\n');
    await expect.poll(() => lines, patiently).toEqual(['two', 'three', 'four (complete)', 'five']);
    appendFileSync(file, 'six\n');
    renameSync(file, `${file}.1`); // rotated right after a write: the line is still read from the old file
    writeFileSync(file, 'seven\n');
    await expect.poll(() => lines.slice(4), patiently).toEqual(['six', 'seven']);
    writeFileSync(file, 'new\n'); // truncated in place (copytruncate), and shorter than what was read
    await expect.poll(() => lines.slice(6), patiently).toEqual(['new']);
    controller.abort();
    await following;
    expect(existsSync(`${file}.1`)).toBe(true);
  });
});
