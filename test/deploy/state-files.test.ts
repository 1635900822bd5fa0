// Files procform wrote and reads back are checked against their schema and format version: a
// damaged one, or one a newer procform wrote, is a clear error naming the file, never a crash or a
// silent default.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readManifest } from '../../src/build/manifest.ts';
import { runCli, runCliIn } from '../support/cli.ts';
import { cleanUpAfterTest } from '../support/deployment-processes.ts';
import { tempDir } from '../support/temp-dir.ts';

/** Overwrites a (read-only) store file, as damage would. */
function damage(file: string, text: string): void {
  chmodSync(file, 0o644);
  writeFileSync(file, text);
}

function sleeperModel(dir: string): string {
  const model = join(dir, 'processes.ts');
  writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: 'sleep', args: ['600'] }) } }));\n");
  return model;
}

describe('state files', () => {
  it('a damaged manifest, or one of an unknown format version, stops status with exit code 65, naming the file', async () => {
    const dir = tempDir();
    const stateDir = join(dir, 'state');
    cleanUpAfterTest(stateDir);
    onTestFinished(async () => void (await runCliIn(stateDir, ['down'])));
    const switched = await runCliIn(stateDir, ['switch', sleeperModel(dir), '--force-disable-user-change']);
    expect(switched.code, switched.stderr).toBe(0);
    const manifestFile = join(stateDir, 'lib/procform/profiles/processes/manifest.json');
    const manifest = await readManifest(join(stateDir, 'lib/procform/profiles/processes'));

    damage(manifestFile, JSON.stringify({ ...manifest, formatVersion: 2 }));
    const newer = await runCliIn(stateDir, ['status']);
    expect(newer.code).toBe(65);
    expect(newer.stderr).toMatch(/^error: \S+\/manifest\.json: the profile's manifest has format version 2, which this procform does not read \(it reads 1\)\nhint: A newer procform wrote it/);

    damage(manifestFile, JSON.stringify({ ...manifest, instances: { sleeper: { ...manifest.instances.sleeper, storePath: 7 } } }));
    const damaged = await runCliIn(stateDir, ['status']);
    expect(damaged.code).toBe(65);
    expect(damaged.stderr).toMatch(/^error: \S+\/manifest\.json: the profile's manifest is damaged: field "instances\.sleeper\.storePath": .*\nhint: Store files are written once/);
    expect(damaged.stderr).not.toContain('    at ');
    damage(manifestFile, JSON.stringify(manifest));
  });

  it("a builtin instance's configuration of an unknown format version fails the switch, naming the file", async () => {
    const dir = tempDir();
    const stateDir = join(dir, 'state');
    cleanUpAfterTest(stateDir);
    onTestFinished(async () => void (await runCliIn(stateDir, ['down'])));
    const model = sleeperModel(dir);
    const built = await runCli(['build', model, '--state-dir', stateDir, '--force-disable-user-change']);
    const entry = (await readManifest(built.stdout.trim())).instances.sleeper!;
    const config = join(entry.storePath, 'builtin/sleeper.json');
    damage(config, '{"formatVersion": 3}');
    const switched = await runCliIn(stateDir, ['switch', model, '--force-disable-user-change']);
    expect(switched.code).toBe(1);
    expect(switched.stderr).toContain(`${config}: the builtin configuration of an instance has format version 3, which this procform does not read (it reads 1)`);
  });

  it('an IDs file of an unknown format version fails the build, naming the file', async () => {
    const dir = tempDir();
    const model = sleeperModel(dir);
    writeFileSync(join(dir, 'ids.json'), '{"formatVersion": 2, "ids": {}}');
    const built = await runCli(['build', model, '--state-dir', join(dir, 'state')]);
    expect(built.code).toBe(65);
    expect(built.stderr).toContain(`error: ${join(dir, 'ids.json')}: the IDs file has format version 2, which this procform does not read (it reads 1)`);
  });
});
