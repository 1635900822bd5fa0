import { chmodSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/backends/registry.ts';
import { buildProfile } from '../../src/build/build-profile.ts';
import { ModelError } from '../../src/errors.ts';
import { repoRoot } from '../support/cli.ts';
import { snapshot } from '../support/snapshot.ts';
import { tempDir } from '../support/temp-dir.ts';

const storeFiles = (stateDir: string) => snapshot(join(stateDir, 'lib/procform/store'));

const build = (modelFile: string, stateDir: string, processManager: string, options: { cache?: boolean } = {}) =>
  buildProfile({ modelFile, processManager, dirs: { stateDir }, reuseProfile: true, ...options });

describe('an unchanged model\'s build is the last build\'s profile (profile-memo.ts)', () => {
  for (const processManager of BACKENDS.map((backend) => backend.name)) {
    it(`-P ${processManager}: the reused profile is the one a clean build makes; a changed ID or a missing profile builds again`, async () => {
      const dir = tempDir();
      cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
      const model = join(dir, 'processes-advanced.ts');
      const ids = join(dir, 'processes-advanced.ids.json');
      const stateDir = join(dir, 'state');
      const storeDir = join(stateDir, 'lib/procform/store');

      const clean = await build(model, stateDir, processManager, { cache: false });
      const expected = storeFiles(stateDir);
      const first = await build(model, stateDir, processManager);
      expect(first.reusedProfile).toBe(false);
      const again = await build(model, stateDir, processManager);
      expect(again.reusedProfile).toBe(true);
      expect(again.path).toBe(clean.path);
      expect(again.manifest).toEqual(JSON.parse(JSON.stringify(clean.manifest)));
      expect(again.explanations).toEqual(JSON.parse(JSON.stringify(clean.explanations)));
      expect(storeFiles(stateDir)).toEqual(expected);

      // The profile is gone from the store: built again, byte-identical.
      rmSync(storeDir, { recursive: true, force: true });
      const rebuilt = await build(model, stateDir, processManager);
      expect(rebuilt.reusedProfile).toBe(false);
      expect(storeFiles(stateDir)).toEqual(expected);

      // One port changed: not the memo's profile, but what a clean build of the changed model makes.
      const idsFile = JSON.parse(readFileSync(ids, 'utf8'));
      idsFile.ids.webappPorts.webapp5 = 5999;
      writeFileSync(ids, JSON.stringify(idsFile));
      const changed = await build(model, stateDir, processManager);
      expect(changed.reusedProfile).toBe(false);
      expect(changed.path).not.toBe(clean.path);
      expect(changed.path).toBe((await build(model, stateDir, processManager, { cache: false })).path);
    });
  }

  it('an executable that is gone since the last build fails the build as a clean build does', async () => {
    const dir = tempDir();
    const tool = join(dir, 'tool');
    writeFileSync(tool, '#!/bin/sh\nexec sleep 3600\n', { mode: 0o755 });
    const model = join(dir, 'processes.ts');
    writeFileSync(model, `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ tool: { pkg: createManagedProcess({ process: ${JSON.stringify(tool)} }) } }));\n`);
    const stateDir = join(dir, 'state');
    await build(model, stateDir, 'builtin');
    expect((await build(model, stateDir, 'builtin')).reusedProfile).toBe(true);
    chmodSync(tool, 0o644);
    const failed = await build(model, stateDir, 'builtin').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ModelError);
    expect((failed as ModelError).message).toContain(`executable "${tool}" does not exist or is not executable`);
  });

  it('a model with an override function is built every time (what a function does is not data)', async () => {
    const dir = tempDir();
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: [3600], overrides: { builtin: (params) => params } }) } }));\n",
    );
    const stateDir = join(dir, 'state');
    const first = await build(model, stateDir, 'builtin');
    const second = await build(model, stateDir, 'builtin');
    expect(second.reusedProfile).toBe(false);
    expect(second.path).toBe(first.path);
  });

  it('a damaged memo, or one of another format, is not used: the model is built again, to the same profile', async () => {
    const dir = tempDir();
    const model = join(dir, 'processes.ts');
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: [3600] }) } }));\n");
    const stateDir = join(dir, 'state');
    const first = await build(model, stateDir, 'builtin');
    const memoFile = join(stateDir, 'lib/procform/build-cache/builtin.profile.json');
    const good = readFileSync(memoFile, 'utf8');
    expect((await build(model, stateDir, 'builtin')).reusedProfile).toBe(true);
    const damaged = {
      truncated: good.slice(0, good.length - 10),
      'cut after the first line': good.slice(0, good.indexOf('\n') + 1),
      'another format': good.replace('"formatVersion":3', '"formatVersion":2'),
      // Still JSON, but not what was written: the digest on the second line tells.
      'an altered manifest': good.replace('"processManager":"builtin"', '"processManager":"supervisord"'),
      'another key': good.replace(/"key":"[^"]*"/, '"key":"x"'),
      'not json': 'garbage',
    };
    for (const [what, text] of Object.entries(damaged)) {
      expect(text, what).not.toBe(good);
      writeFileSync(memoFile, text);
      const built = await build(model, stateDir, 'builtin');
      expect(built.reusedProfile, what).toBe(false);
      expect(built.path, what).toBe(first.path);
      // Written again whole: the next build is this one's profile.
      expect((await build(model, stateDir, 'builtin')).reusedProfile, what).toBe(true);
    }
  });
});
