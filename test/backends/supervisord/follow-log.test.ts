import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { writeLogLines } from '../../../src/backends/supervisord/follow-log.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { eventually } from './deployment.ts';

describe('reading supervisord program logs', () => {
  it('prints the last lines, reaching into the rotated file when the current one is short', async () => {
    const file = join(tempDir(), 'web.log');
    writeFileSync(`${file}.1`, 'one\ntwo\nthree\n');
    writeFileSync(file, 'four\nfive\n');
    const lines: string[] = [];
    await writeLogLines(file, { lines: 4, follow: false }, (line) => lines.push(line));
    expect(lines).toEqual(['two', 'three', 'four', 'five']);
  });

  it('follows across rotations (rename to .1, new file) without losing or repeating lines', async () => {
    const file = join(tempDir(), 'web.log');
    writeFileSync(file, 'old\n');
    const lines: string[] = [];
    const controller = new AbortController();
    const following = writeLogLines(file, { lines: 1, follow: true, signal: controller.signal }, (line) => lines.push(line));
    await sleep(300);
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
});
