import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastLines } from '../../src/logs/last-lines.ts';
import { LogWriter, openLogFile } from '../../src/runtime/log-writer.ts';
import { tempDir } from '../support/temp-dir.ts';

const options = { timestamps: false, rotate: null, maxLineBytes: 1024 };

describe('LogWriter', () => {
  it('takes a file openLogFile opened in the thread pool: its folder created, appending after what it holds, rotating by its size', async () => {
    const dir = tempDir();
    const fresh = join(dir, 'new', 'folder', 'a.log');
    const writer = new LogWriter(fresh, options, await openLogFile(fresh));
    writer.write(Buffer.from('one\n'));
    writer.close();
    expect(readFileSync(fresh, 'utf8')).toBe('one\n');
    expect(statSync(fresh).mode & 0o777).toBe(0o640);

    const existing = join(dir, 'b.log');
    writeFileSync(existing, `${'x'.repeat(99)}\n`);
    const rotating = new LogWriter(existing, { ...options, rotate: { maxBytes: 100, keep: 1 } }, await openLogFile(existing));
    rotating.write(Buffer.from('two\nthree\n'));
    rotating.close();
    // 100 bytes on file already: the new lines go to a new file.
    expect(readFileSync(`${existing}.1`, 'utf8')).toBe(`${'x'.repeat(99)}\n`);
    expect(readFileSync(existing, 'utf8')).toBe('two\nthree\n');
  });

  it('puts a timestamp at the start of every line, also when lines span chunks', () => {
    const file = join(tempDir(), 'a.log');
    const writer = new LogWriter(file, { ...options, timestamps: true });
    for (const chunk of ['one\ntw', 'o\n', 'three', '\nfour\n']) writer.write(Buffer.from(chunk));
    writer.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /, ''))).toEqual(['one', 'two', 'three', 'four']);
    expect(lines.every((line) => /^\d{4}-\d\d-\d\dT/.test(line))).toBe(true);
  });

  it('rotates between lines: file, file.1 … file.keep; no line split across files, the oldest dropped', () => {
    const dir = tempDir();
    const file = join(dir, 'a.log');
    const writer = new LogWriter(file, { ...options, rotate: { maxBytes: 100, keep: 2 } });
    // Chunks that end mid-line, so rotation must wait for the newline.
    const text = Array.from({ length: 60 }, (_, index) => `line ${String(index).padStart(3, '0')}\n`).join('');
    for (let offset = 0; offset < text.length; offset += 7) writer.write(Buffer.from(text.slice(offset, offset + 7)));
    writer.close();
    expect(readdirSync(dir).sort()).toEqual(['a.log', 'a.log.1', 'a.log.2']);
    const kept = [readFileSync(`${file}.2`, 'utf8'), readFileSync(`${file}.1`, 'utf8'), readFileSync(file, 'utf8')];
    for (const content of kept) expect(content.endsWith('\n')).toBe(true);
    for (const content of kept.slice(0, 2)) expect(content.length).toBeLessThan(100 + 9);
    const lines = kept.join('').trimEnd().split('\n');
    // The newest lines, contiguous, ending with the last one written.
    expect(lines.at(-1)).toBe('line 059');
    const first = Number(lines[0]!.slice(5));
    expect(lines).toEqual(Array.from({ length: lines.length }, (_, index) => `line ${String(first + index).padStart(3, '0')}`));
    expect(lastLines(file, 15, 2)).toEqual(lines.slice(-15));
  });

  it('cuts a line longer than maxLineBytes into marked pieces, never inside a UTF-8 character', () => {
    const file = join(tempDir(), 'a.log');
    const writer = new LogWriter(file, { ...options, maxLineBytes: 100 });
    const long = 'é'.repeat(150); // 300 bytes
    writer.write(Buffer.from(`short\n${long.slice(0, 77)}`));
    writer.write(Buffer.from(`${long.slice(77)}\nend\n`));
    writer.close();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('short');
    expect(lines.at(-1)).toBe('end');
    const pieces = lines.slice(1, -1);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.slice(1).every((piece) => piece.startsWith('↪ '))).toBe(true);
    expect(pieces.every((piece) => Buffer.byteLength(piece) <= 100 && !piece.includes('\uFFFD'))).toBe(true);
    expect(pieces.map((piece) => piece.replace(/^↪ /, '')).join('')).toBe(long);
  });

  it('cuts between UTF-8 characters also where a character is split between two writes, at every byte of it', () => {
    const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;
    for (const timestamps of [false, true]) {
      for (const char of ['é', '€', '😀']) {
        for (let ascii = 0; ascii < Buffer.byteLength(char); ascii += 1) {
          const line = `${'a'.repeat(ascii)}${char.repeat(Math.ceil(300 / Buffer.byteLength(char)))}`;
          const bytes = Buffer.from(`${line}\n`);
          for (let split = 90; split <= 110; split += 1) {
            const file = join(tempDir(), 'a.log');
            const writer = new LogWriter(file, { timestamps, rotate: null, maxLineBytes: 100 });
            writer.write(bytes.subarray(0, split));
            writer.write(bytes.subarray(split));
            writer.close();
            const pieces = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)).trimEnd().split('\n').map((piece) => piece.replace(stamp, ''));
            expect(pieces.every((piece) => Buffer.byteLength(piece) <= 100)).toBe(true);
            expect(pieces.map((piece) => piece.replace(/^↪ /, '')).join('')).toBe(line);
          }
        }
      }
    }
  });

  it('keeps every line of a burst, in order', () => {
    const file = join(tempDir(), 'a.log');
    const writer = new LogWriter(file, { ...options, timestamps: true });
    const text = Buffer.from(Array.from({ length: 100_000 }, (_, index) => `${index}\n`).join(''));
    for (let offset = 0; offset < text.length; offset += 65_536) writer.write(text.subarray(offset, offset + 65_536));
    writer.close();
    const numbers = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => Number(line.split(' ')[1]));
    expect(numbers).toEqual(Array.from({ length: 100_000 }, (_, index) => index));
  });

  it('with timestamps, writes the same lines and files whether a stream comes in big chunks or byte by byte (long ASCII lines and rotation among them)', () => {
    const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /gm;
    const text = Buffer.from(Array.from({ length: 30_000 }, (_, index) => (index % 997 === 500 ? `${index} ${'x'.repeat(250)}\n` : `${index}\n`)).join(''));
    const written = (chunkBytes: number) => {
      const dir = tempDir();
      const file = join(dir, 'a.log');
      const writer = new LogWriter(file, { timestamps: true, rotate: { maxBytes: 4_000, keep: 400 }, maxLineBytes: 100 });
      for (let offset = 0; offset < text.length; offset += chunkBytes) writer.write(text.subarray(offset, offset + chunkBytes));
      writer.close();
      const files = readdirSync(dir).sort((a, b) => Number(b.split('.')[2] ?? 0) - Number(a.split('.')[2] ?? 0));
      return files.map((name) => readFileSync(join(dir, name), 'utf8').replace(stamp, ''));
    };
    const whole = written(65_536);
    expect(whole.length).toBeGreaterThan(5);
    expect(written(1)).toEqual(whole);
    expect(written(1_000)).toEqual(whole);
    const lines = whole.join('').trimEnd().split('\n');
    expect(lines.filter((line) => !line.startsWith('↪ ')).map((line) => Number(line.split(' ')[0]))).toEqual(Array.from({ length: 30_000 }, (_, index) => index));
  });
});
