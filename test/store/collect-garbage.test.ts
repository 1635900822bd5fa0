import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, symlinkSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../src/build/build-profile.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import { collectGarbage } from '../../src/store/collect-garbage.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('collectGarbage', () => {
  it('removes what no root references, keeps the closure of the roots and recent entries', async () => {
    const stateDir = join(tempDir(), 'state');
    const storeDir = join(stateDir, 'lib/procform/store');
    const build = (text: string) =>
      buildProfile({
        modelFile: join(stateDir, 'processes.ts'),
        processManager: 'none',
        dirs: { stateDir },
        model: (ctx) => ({
          shared: { pkg: createManagedProcess({ process: ctx.writeScript('shared', '#!/bin/sh\nexec sleep 1\n') }) },
          own: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', text] }) },
        }),
      });
    const first = await build('echo one');
    const second = await build('echo two');
    const past = new Date(Date.now() - 3600_000);
    for (const entry of readdirSync(storeDir)) utimesSync(join(storeDir, entry), past, past);
    const young = await build('echo three');

    const report = await collectGarbage(storeDir, [second.path]);
    expect(report.removed).toContain(first.path);
    expect(report.removed).toContain(first.manifest.instances.own!.storePath);
    expect(existsSync(second.manifest.instances.shared!.storePath)).toBe(true);
    expect(existsSync(second.manifest.instances.own!.storePath)).toBe(true);
    // Entries made within the grace period survive: a build may be writing them right now.
    expect(existsSync(young.path)).toBe(true);
  });
});

describe('collectGarbage fails closed', () => {
  const hash = (letter: string) => letter.repeat(32);
  const entry = (storeDir: string, letter: string, name: string) => join(storeDir, `${hash(letter)}-${name}`);
  const age = (storeDir: string) => {
    const past = new Date(Date.now() - 3600_000);
    for (const name of readdirSync(storeDir)) utimesSync(join(storeDir, name), past, past);
  };

  it('finds references in files of any size, also across the chunks it reads them in', async () => {
    const storeDir = join(tempDir(), 'store');
    const root = entry(storeDir, 'a', 'root');
    mkdirSync(root, { recursive: true });
    const big = join(root, 'big.bin');
    // 65 MiB, mostly a hole: one reference right across the first 1 MiB boundary, one at the very end.
    const split = entry(storeDir, 'b', 'split');
    const last = entry(storeDir, 'c', 'last');
    writeFileSync(big, '');
    truncateSync(big, 65 * 1024 * 1024);
    const fd = openSync(big, 'r+');
    writeSync(fd, split, 1024 * 1024 - 20);
    writeSync(fd, last, 65 * 1024 * 1024 - last.length);
    closeSync(fd);
    for (const path of [split, last, entry(storeDir, 'd', 'garbage')]) writeFileSync(path, 'x');
    age(storeDir);

    const report = await collectGarbage(storeDir, [root]);
    expect(report.removed).toEqual([entry(storeDir, 'd', 'garbage')]);
    expect(existsSync(split) && existsSync(last)).toBe(true);
  });

  // Root reads everything, so the collection runs as nobody, over a store nobody owns.
  it.runIf(process.getuid?.() === 0)('stops before removing anything when a live entry cannot be read', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const stateDir = join(dir, 'state');
    const storeDir = join(stateDir, 'lib/procform/store');
    const profilesDir = join(stateDir, 'lib/procform/profiles');
    const root = entry(storeDir, 'a', 'profile-none');
    const hidden = join(root, 'manifest.json');
    mkdirSync(root, { recursive: true });
    mkdirSync(profilesDir, { recursive: true });
    writeFileSync(hidden, `{"references": "${entry(storeDir, 'b', 'needed')}"}`);
    writeFileSync(entry(storeDir, 'b', 'needed'), 'x');
    writeFileSync(entry(storeDir, 'c', 'garbage'), 'x');
    symlinkSync(root, join(profilesDir, 'processes-1-link'));
    symlinkSync('processes-1-link', join(profilesDir, 'processes'));
    age(storeDir);
    execFileSync('chown', ['-R', 'nobody:nogroup', stateDir]);
    // Its names can be listed, but not looked into.
    chmodSync(root, 0o644);

    const result = await runCli(['gc', '--state-dir', stateDir], { uid: 65534, gid: 65534 });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`error: garbage collection stopped before removing anything: cannot read ${hidden}`);
    expect(readdirSync(storeDir).sort()).toEqual([`${hash('a')}-profile-none`, `${hash('b')}-needed`, `${hash('c')}-garbage`]);
  });
});
