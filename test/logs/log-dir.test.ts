import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rotatedLogFiles, writeLogDir } from '../../src/logs/log-dir.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('log folders (s6-log, svlogd)', () => {
  it('reads the last lines across `current` and the rotated @TAI64N files, oldest first', async () => {
    const dir = join(tempDir(), 'web');
    mkdirSync(dir);
    // Names sort by age; `.u` is a file cut short, `config` and `lock` are not logs.
    writeFileSync(join(dir, '@400000006930a1b200000000.s'), 'one\ntwo\n');
    writeFileSync(join(dir, '@400000006930a1c500000000.u'), 'three\n');
    writeFileSync(join(dir, 'current'), 'four\nfive\n');
    writeFileSync(join(dir, 'config'), 's4096\nn2\n');
    writeFileSync(join(dir, 'lock'), '');
    expect(rotatedLogFiles(dir).map((file) => file.slice(dir.length + 1))).toEqual(['@400000006930a1b200000000.s', '@400000006930a1c500000000.u']);
    const lines: string[] = [];
    await writeLogDir(dir, { lines: 4, follow: false }, (line) => lines.push(line));
    expect(lines).toEqual(['two', 'three', 'four', 'five']);
    const last: string[] = [];
    await writeLogDir(dir, { lines: 1, follow: false }, (line) => last.push(line));
    expect(last).toEqual(['five']);
  });

  it('has no lines for a folder not written yet', async () => {
    const lines: string[] = [];
    await writeLogDir(join(tempDir(), 'missing'), { lines: 10, follow: false }, (line) => lines.push(line));
    expect(lines).toEqual([]);
    expect(rotatedLogFiles(join(tempDir(), 'missing'))).toEqual([]);
  });
});
