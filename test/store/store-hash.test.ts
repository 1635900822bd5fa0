// What a store path must depend on, and what it must not: a path is reused whenever it exists, so a
// hash that ignored something the file carries would reuse a stale entry.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PendingStore } from '../../src/store/pending-store.ts';
import type { StoreEntry } from '../../src/store/store-entry.ts';
import { storePath } from '../../src/store/store-entry.ts';
import { tempDir } from '../support/temp-dir.ts';

const file = (text: string, executable = false) => ({ kind: 'file' as const, text, executable });

describe('store paths', () => {
  it("change with a file's executable bit, and an entry with the bit is never reused for one without", async () => {
    const script: StoreEntry = { name: 'run', content: file('#!/bin/sh\necho hi\n', true) };
    const plain: StoreEntry = { name: 'run', content: file('#!/bin/sh\necho hi\n', false) };
    expect(storePath('/s', script)).not.toBe(storePath('/s', plain));
    const inFolder = (executable: boolean): StoreEntry => ({ name: 'tool', content: { kind: 'directory', entries: { 'bin/run': file('echo\n', executable) } } });
    expect(storePath('/s', inFolder(true))).not.toBe(storePath('/s', inFolder(false)));

    const storeDir = join(tempDir(), 'store');
    const store = new PendingStore(storeDir);
    const executablePath = store.add(script);
    const plainPath = store.add(plain);
    store.flush();
    expect(statSync(executablePath).mode & 0o111).not.toBe(0);
    expect(statSync(plainPath).mode & 0o111).toBe(0);
  });

  it('do not depend on the order in which files or entries were added', async () => {
    const forwards: StoreEntry = { name: 'pair', content: { kind: 'directory', entries: { a: file('1'), 'b/c': file('2', true), d: { kind: 'symlink', target: 'a' } } } };
    const backwards: StoreEntry = { name: 'pair', content: { kind: 'directory', entries: { d: { kind: 'symlink', target: 'a' }, 'b/c': file('2', true), a: file('1') } } };
    expect(storePath('/s', forwards)).toBe(storePath('/s', backwards));

    const entries: StoreEntry[] = [forwards, { name: 'one', content: file('one') }, { name: 'two', content: file('two') }];
    const written = async (order: StoreEntry[]) => {
      const storeDir = join(tempDir(), 'store');
      const store = new PendingStore(storeDir);
      const paths = order.map((entry) => store.add(entry).slice(storeDir.length));
      store.flush();
      return { paths: paths.sort(), listing: readdirSync(storeDir).sort() };
    };
    expect(await written([...entries].reverse())).toEqual(await written(entries));
  });
});
