import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { testDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

const stamped = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

describe('builtin: logs', () => {
  it('captures stdout and stderr in one file, with timestamps, and prints the last lines', async () => {
    const deployment = testDeployment();
    const profile = await deployment.deploy(() => ({
      talker: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          args: ['-c', 'echo out one; echo err one >&2; echo out two; exec sleep 1000'],
          log: { timestamps: true },
        }),
      },
    }));
    const file = deployment.logFile('talker');
    const lines = await eventually(() => {
      const content = readFileSync(file, 'utf8').trimEnd().split('\n');
      return content.length === 3 ? content : undefined;
    });
    expect(lines.every((line) => stamped.test(line))).toBe(true);
    expect(lines.map((line) => line.replace(stamped, ''))).toEqual(['out one', 'err one', 'out two']);
    const printed: string[] = [];
    await deployment.driver.logs(profile, profile.manifest.instances.talker!, { lines: 2, follow: false }, (line) => printed.push(line));
    expect(printed.map((line) => line.replace(stamped, ''))).toEqual(['err one', 'out two']);
  });

  it('loses no line of a burst, even when the process exits right after it', async () => {
    const deployment = testDeployment();
    await deployment.deploy(() => ({
      burst: { pkg: createManagedProcess({ process: 'seq', args: [1, 300_000], restart: 'no', log: { rotate: false } }) },
    }));
    await eventually(async () => ((await deployment.statusOf('burst')).state === 'stopped' ? true : undefined));
    const lines = await eventually(() => {
      const content = readFileSync(deployment.logFile('burst'), 'utf8').trimEnd().split('\n');
      return content.length >= 300_000 ? content : undefined;
    });
    expect(lines).toHaveLength(300_000);
    expect(lines.every((line, index) => line === String(index + 1))).toBe(true);
  });

  it('keeps the output of children writing at the same time apart, complete and in order (one read buffer serves them all)', async () => {
    const deployment = testDeployment();
    const names = ['a', 'b', 'c'];
    await deployment.deploy(() =>
      Object.fromEntries(
        names.map((name) => [
          name,
          // A line waits for its newline across reads, so a log-line readiness check sees the same stream.
          { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', `seq -f '${name}%g' 1 200000; echo ${name}-done`], restart: 'no', log: { rotate: false }, readiness: { kind: 'log', pattern: `^${name}-done$` } }) },
        ]),
      ),
    );
    for (const name of names) {
      await eventually(async () => ((await deployment.statusOf(name)).state === 'stopped' ? true : undefined));
      const lines = await eventually(() => {
        const content = readFileSync(deployment.logFile(name), 'utf8').trimEnd().split('\n');
        return content.length >= 200_001 ? content : undefined;
      });
      expect(lines).toHaveLength(200_001);
      expect(lines.slice(0, -1).every((line, index) => line === `${name}${index + 1}`)).toBe(true);
      expect(lines.at(-1)).toBe(`${name}-done`);
    }
  });

  it('rotates by size, and follow goes on across rotations without losing or repeating a line', async () => {
    const deployment = testDeployment();
    const profile = await deployment.deploy(() => ({
      chatty: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          // 2,000 numbered lines in bursts, with pauses so that follow sees several rotations.
          args: ['-c', 'i=1; while [ $i -le 2000 ]; do echo "line $i"; i=$((i+1)); [ $((i % 200)) -eq 0 ] && sleep 0.15; done; exec sleep 1000'],
          log: { rotate: { maxSize: '4k', keep: 100 } },
        }),
      },
    }));
    const controller = new AbortController();
    const followed: string[] = [];
    const following = deployment.driver.logs(profile, profile.manifest.instances.chatty!, { lines: 0, follow: true, signal: controller.signal }, (line) => {
      followed.push(line);
      if (followed.at(-1) === 'line 2000') controller.abort();
    });
    await eventually(() => (controller.signal.aborted ? true : undefined), 20_000, 'the last line');
    await following;
    // follow began after the first lines; from its first line on, nothing is missing or repeated.
    const first = Number(followed[0]!.split(' ')[1]);
    expect(followed).toEqual(Array.from({ length: 2001 - first }, (_, index) => `line ${first + index}`));
    const files = readdirSync(join(deployment.stateDir, 'log')).filter((name) => name.startsWith('chatty.log'));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) expect(readFileSync(join(deployment.stateDir, 'log', name)).length).toBeLessThanOrEqual(4096 + 20);
  });

  it('cuts very long lines into marked pieces (maxLineBytes, set here through overrides.builtin)', async () => {
    const deployment = testDeployment();
    await deployment.deploy(() => ({
      wide: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          args: ['-c', 'head -c 2500 /dev/zero | tr "\\0" x; echo; echo after; exec sleep 1000'],
          overrides: { builtin: { log: { maxLineBytes: 1000 } } },
        }),
      },
    }));
    const lines = await eventually(() => {
      const content = readFileSync(deployment.logFile('wide'), 'utf8').trimEnd().split('\n');
      return content.at(-1) === 'after' ? content : undefined;
    });
    expect(lines).toEqual(['x'.repeat(1000), `↪ ${'x'.repeat(996)}`, `↪ ${'x'.repeat(504)}`, 'after']);
  });

  it('cuts long lines of multi-byte characters only between characters, also where a cut falls at the end of a read', async () => {
    const maxLineBytes = 100;
    // Lines of 2-, 3- and 4-byte characters after 0-3 ASCII bytes, so that the first cut falls on
    // every byte of a character; each written whole, then again in two writes split around the cut
    // (the reader gets them in separate reads), then mixed characters in random writes.
    const lines: string[] = [];
    const chunks: Buffer[] = [];
    for (const char of ['é', '€', '😀']) {
      for (let ascii = 0; ascii < Buffer.byteLength(char); ascii += 1) {
        const line = Buffer.from(`${'a'.repeat(ascii)}${char.repeat(Math.ceil(300 / Buffer.byteLength(char)))}\n`);
        for (const split of [0, maxLineBytes - 3, maxLineBytes - 2, maxLineBytes - 1, maxLineBytes, maxLineBytes + 1]) {
          lines.push(line.toString('utf8', 0, line.length - 1));
          if (split === 0) chunks.push(line);
          else chunks.push(line.subarray(0, split), line.subarray(split));
        }
      }
    }
    let seed = 7;
    const random = (below: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % below);
    const mixed = Buffer.from(
      Array.from({ length: 20 }, () => {
        const line = Array.from({ length: 150 + random(200) }, () => ['a', 'é', '€', '😀'][random(4)]).join('');
        lines.push(line);
        return `${line}\n`;
      }).join(''),
    );
    for (let offset = 0; offset < mixed.length; ) {
      const size = 1 + random(120);
      chunks.push(mixed.subarray(offset, offset + size));
      offset += size;
    }
    chunks.push(Buffer.from('done\n'));
    const deployment = testDeployment();
    const plan = join(deployment.outDir, 'chunks.json');
    writeFileSync(plan, JSON.stringify({ chunks: chunks.map((chunk) => chunk.toString('base64')), pauseMs: 3 }));
    const profile = await deployment.deploy(() => ({
      wide: {
        pkg: createManagedProcess({
          process: process.execPath,
          args: [new URL('./fixtures/write-chunks.mjs', import.meta.url).pathname, plan],
          overrides: { builtin: { log: { maxLineBytes } } },
        }),
      },
    }));
    const content = await eventually(
      () => {
        const bytes = readFileSync(deployment.logFile('wide'));
        return bytes.toString('latin1').endsWith('\ndone\n') ? bytes : undefined;
      },
      20_000,
      'the last line',
    );
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    const onFile = text.trimEnd().split('\n');
    expect(onFile.every((line) => Buffer.byteLength(line) <= maxLineBytes)).toBe(true);
    const joined: string[] = [];
    for (const line of onFile) {
      if (line.startsWith('↪ ')) joined[joined.length - 1] += line.slice(2);
      else joined.push(line);
    }
    expect(joined).toEqual([...lines, 'done']);
    const printed: string[] = [];
    await deployment.driver.logs(profile, profile.manifest.instances.wide!, { lines: onFile.length, follow: false }, (line) => printed.push(line));
    expect(printed).toEqual(onFile);
  });

  it('a log readiness check cuts an unfinished long line between characters too, so a character at the cut still matches', async () => {
    const deployment = testDeployment();
    const plan = join(deployment.outDir, 'chunks.json');
    // 99 ASCII bytes, then "é" across the matcher's cut at 100 bytes, in a line whose newline comes later.
    const chunks = [Buffer.from(`${'a'.repeat(99)}éready`), Buffer.from('\n')];
    writeFileSync(plan, JSON.stringify({ chunks: chunks.map((chunk) => chunk.toString('base64')), pauseMs: 300 }));
    await deployment.deploy(() => ({
      waiter: {
        pkg: createManagedProcess({
          process: process.execPath,
          args: [new URL('./fixtures/write-chunks.mjs', import.meta.url).pathname, plan],
          overrides: { builtin: { log: { maxLineBytes: 100 } } },
          readiness: { kind: 'log', pattern: '^éready$', timeout: 5_000 },
        }),
      },
    }));
    expect(await deployment.statusOf('waiter')).toMatchObject({ state: 'running', ready: true });
  });
});
