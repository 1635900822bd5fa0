import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal, writeJournal } from '../../src/deploy/journal.ts';
import { StateFileError } from '../../src/fs/state-file.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('the switch journal', () => {
  it('is written whole, with its format version, and read back', async () => {
    const dir = tempDir();
    const path = join(dir, 'processes.switching');
    await writeJournal(path, { from: null, to: '/store/x-profile-builtin' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ formatVersion: 1, from: null, to: '/store/x-profile-builtin' });
    expect(readdirSync(dir)).toEqual(['processes.switching']);
    expect(await readJournal(path)).toEqual({ formatVersion: 1, from: null, to: '/store/x-profile-builtin' });
    // Journals written before the format version was: the same shape.
    writeFileSync(path, '{"from":"/store/a","to":"/store/b"}\n');
    expect(await readJournal(path)).toEqual({ formatVersion: 1, from: '/store/a', to: '/store/b' });
  });

  it('means "no interrupted switch" only when it does not exist: a damaged or unreadable one is an error naming it', async () => {
    const dir = tempDir();
    const path = join(dir, 'processes.switching');
    expect(await readJournal(path)).toBeNull();
    for (const [text, problem] of [
      ['{"from":null,"to":"/stor', 'the switch journal is damaged: it is not JSON'],
      ['{"from":null}', 'the switch journal is damaged: field "to"'],
      ['{"formatVersion":7,"from":null,"to":"/x"}', 'the switch journal has format version 7, which this procform does not read (it reads 1)'],
    ] as const) {
      writeFileSync(path, text);
      const error = await readJournal(path).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(StateFileError);
      expect((error as Error).message).toContain(`${path}: ${problem}`);
    }
    const folder = join(dir, 'folder.switching');
    mkdirSync(folder);
    await expect(readJournal(folder)).rejects.toThrow(`${folder}: cannot read the switch journal: EISDIR`);
  });

  it('a damaged journal stops status and switch with exit code 65, naming the file and what to do', async () => {
    const stateDir = join(tempDir(), 'state');
    const journal = join(stateDir, 'lib/procform/profiles/processes.switching');
    mkdirSync(join(stateDir, 'lib/procform/profiles'), { recursive: true });
    writeFileSync(journal, '{"from":');
    const status = await runCli(['status', '--state-dir', stateDir]);
    expect(status.code).toBe(65);
    expect(status.stderr).toMatch(new RegExp(`^error: ${journal}: the switch journal is damaged: it is not JSON .*\\nhint: It names the profile an unfinished switch was deploying`));
    expect(status.stderr).not.toContain('    at ');
  });
});
