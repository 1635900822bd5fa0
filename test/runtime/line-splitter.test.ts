import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/runtime/line-splitter.ts';
import { LogWriter } from '../../src/runtime/log-writer.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('LineSplitter', () => {
  it('gives whole lines whatever the chunks, a last line without newline at the end, and never buffers more than its bound', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line.toString('utf8')), 8);
    for (const chunk of ['on', 'e\ntwo\nthr', 'ee\n', 'abcdefghijklmnopq', 'rs\n', 'é'.slice(0, 1), '\nlast']) splitter.push(Buffer.from(chunk));
    splitter.end();
    expect(lines).toEqual(['one', 'two', 'three', 'abcdefgh', 'ijklmnop', 'qrs', 'é', 'last']);
  });
});

describe('LogWriter.writeLine', () => {
  it('rotates before a whole line that would take the file past maxBytes', () => {
    const dir = tempDir();
    const file = join(dir, 'a.log');
    const writer = new LogWriter(file, { timestamps: false, rotate: { maxBytes: 100, keep: 2 }, maxLineBytes: 1024 });
    for (let index = 0; index < 30; index += 1) writer.writeLine(Buffer.from(`line ${String(index).padStart(3, '0')} of the output`));
    writer.close();
    expect(readdirSync(dir).sort()).toEqual(['a.log', 'a.log.1', 'a.log.2']);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(100);
    expect(readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)).toBe('line 029 of the output');
  });
});
