import { readFileSync, readdirSync } from 'node:fs';
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
});
