// `procform receive-store`: the machine's side of a network deploy's closure copy. Each entry's
// path must be the hash of its content, or nothing at all is written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { StoreEntry } from '../../src/store/store-entry.ts';
import { storePath } from '../../src/store/store-entry.ts';
import { cliPath } from '../support/cli.ts';

const receive = (storeDir: string, lines: object[]) =>
  spawnSync(process.execPath, [cliPath, 'receive-store', '--store-dir', storeDir], { input: lines.map((line) => `${JSON.stringify(line)}\n`).join(''), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('procform receive-store', () => {
  const storeDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'procform-receive-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    return join(dir, 'store');
  };
  const script: StoreEntry = { name: 'run', content: { kind: 'directory', entries: { 'bin/run': { kind: 'file', text: '#!/bin/sh\necho hi\n', executable: true }, 'env': { kind: 'file', text: 'SECRET=1\n', executable: false, private: true } } } };

  it('writes entries whose paths are their hashes, with their modes', () => {
    const store = storeDir();
    const path = storePath(store, script);
    const result = receive(store, [{ path, entry: script }]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('received 1 store entries\n');
    expect(readFileSync(join(path, 'bin/run'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(statSync(join(path, 'bin/run')).mode & 0o777).toBe(0o555);
    expect(statSync(join(path, 'env')).mode & 0o777).toBe(0o400);
  });

  it('refuses an entry whose content does not match its path, and writes none of the others', () => {
    const store = storeDir();
    const good: StoreEntry = { name: 'good', content: { kind: 'file', text: 'fine\n', executable: false } };
    const tampered = { path: storePath(store, script), entry: { ...script, content: { kind: 'file', text: 'something else', executable: true } } };
    const result = receive(store, [{ path: storePath(store, good), entry: good }, tampered]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`store entry ${storePath(store, script)} does not match its content (or is not in ${store}): nothing was written`);
    expect(existsSync(storePath(store, good))).toBe(false);
  });
});
