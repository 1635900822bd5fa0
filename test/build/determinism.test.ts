import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/backends/registry.ts';
import { buildProfile } from '../../src/build/build-profile.ts';
import { readManifest } from '../../src/build/manifest.ts';
import { repoRoot } from '../support/cli.ts';
import { snapshot } from '../support/snapshot.ts';
import { tempDir } from '../support/temp-dir.ts';

function copyExample(): { model: string; ids: string; stateDir: string } {
  const dir = tempDir();
  cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
  return { model: join(dir, 'processes-advanced.ts'), ids: join(dir, 'processes-advanced.ids.json'), stateDir: join(dir, 'state') };
}

describe('the store is deterministic', () => {
  it('building processes-advanced.ts twice gives byte-identical output', async () => {
    const { model, stateDir } = copyExample();
    const storeDir = join(stateDir, 'lib/procform/store');
    const first = await buildProfile({ modelFile: model, processManager: 'none', dirs: { stateDir } });
    const before = snapshot(storeDir);
    rmSync(storeDir, { recursive: true, force: true });
    const second = await buildProfile({ modelFile: model, processManager: 'none', dirs: { stateDir } });
    expect(second.path).toBe(first.path);
    expect(snapshot(storeDir)).toEqual(before);
    expect(Object.keys(first.manifest.instances)).toHaveLength(8);
  });

  it('changing one webapp\'s port changes exactly that webapp\'s hash and its nginx\'s', async () => {
    const { model, ids, stateDir } = copyExample();
    const build = async () => (await readManifest((await buildProfile({ modelFile: model, processManager: 'none', dirs: { stateDir } })).path)).instances;
    const before = await build();
    const idsFile = JSON.parse(readFileSync(ids, 'utf8'));
    idsFile.ids.webappPorts.webapp5 = 5999;
    writeFileSync(ids, JSON.stringify(idsFile));
    const after = await build();
    const changed = Object.keys(before).filter((instance) => before[instance]!.storePath !== after[instance]!.storePath);
    expect(changed.sort()).toEqual(['nginx2', 'webapp5']);
  });
});

describe('the build cache changes nothing but the time', () => {
  const storeFiles = (stateDir: string) => snapshot(join(stateDir, 'lib/procform/store'));
  for (const processManager of BACKENDS.map((backend) => backend.name)) {
    it(`-P ${processManager}: a build with the cache is byte-identical to a clean one, and reuses exactly the unchanged instances`, async () => {
      const { model, ids, stateDir } = copyExample();
      const storeDir = join(stateDir, 'lib/procform/store');
      const build = (cache: boolean) => buildProfile({ modelFile: model, processManager, dirs: { stateDir }, cache });

      const clean = await build(false);
      const expected = storeFiles(stateDir);
      expect(clean.reused).toEqual([]);
      rmSync(storeDir, { recursive: true, force: true });
      const filling = await build(true);
      expect(filling.reused).toEqual([]);
      expect(storeFiles(stateDir)).toEqual(expected);
      // Every instance from the cache: the store written again from it alone.
      rmSync(storeDir, { recursive: true, force: true });
      const cached = await build(true);
      expect(cached.reused.sort()).toEqual(Object.keys(clean.manifest.instances).sort());
      expect(cached.path).toBe(clean.path);
      expect(storeFiles(stateDir)).toEqual(expected);

      // One port changed: webapp5 and the nginx that embeds it are built again, and the result is a clean build's.
      const idsFile = JSON.parse(readFileSync(ids, 'utf8'));
      idsFile.ids.webappPorts.webapp5 = 5999;
      writeFileSync(ids, JSON.stringify(idsFile));
      rmSync(storeDir, { recursive: true, force: true });
      const changed = await build(true);
      const afterChange = storeFiles(stateDir);
      expect(Object.keys(clean.manifest.instances).filter((instance) => !changed.reused.includes(instance)).sort()).toEqual(['nginx2', 'webapp5']);
      rmSync(storeDir, { recursive: true, force: true });
      const cleanAfterChange = await build(false);
      expect(changed.path).toBe(cleanAfterChange.path);
      expect(storeFiles(stateDir)).toEqual(afterChange);
    });
  }
});
