import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/build/manifest.ts';
import { repoRoot, runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('the agnostic JSON configuration', () => {
  it('holds the explicit parameters, executables resolved, dependencies as store paths', async () => {
    const dir = tempDir();
    cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
    const stateDir = join(dir, 'state');
    const built = await runCli(['build', join(dir, 'processes.ts'), '-P', 'none', '--state-dir', stateDir, '--out', join(dir, 'result')]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const profile = built.stdout.trim();
    const manifest = await readManifest(join(dir, 'result'));
    const nginx = JSON.parse(readFileSync(join(dir, 'result/nginx.json'), 'utf8'));
    expect(nginx.process).toMatch(/^\/.*\/nginx$/);
    expect(nginx.dependencies).toEqual([manifest.instances.webapp!.storePath]);
    expect(nginx.kind).toBeUndefined();
    expect(profile).toMatch(/\/[0-9a-z]{32}-profile-none$/);

    // Read back by generate-config, the JSON gives the same configuration: same store paths.
    const generated = await runCli(['generate-config', '-P', 'none', '--state-dir', stateDir, join(dir, 'result/nginx.json')]);
    expect(generated.stderr).toBe('');
    const regenerated = await readManifest(generated.stdout.trim());
    expect(regenerated.instances.nginx!.storePath).toBe(manifest.instances.nginx!.storePath);
    expect(regenerated.instances.webapp!.storePath).toBe(manifest.instances.webapp!.storePath);
  });

  it('generate-config explains a missing file', async () => {
    const result = await runCli(['generate-config', '-P', 'none', '/nonexistent/x.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/nonexistent\/x\.json: cannot read the agnostic configuration/);
  });

  it('gives the same profile whatever the order of the files, and takes a whole profile (its folder or its manifest.json)', async () => {
    const dir = tempDir();
    cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
    const stateDir = join(dir, 'state');
    const model = join(dir, 'processes-advanced.ts');
    expect((await runCli(['build', model, '-P', 'none', '--state-dir', stateDir, '--out', join(dir, 'result')])).code).toBe(0);
    const generate = async (...inputs: string[]) => {
      const result = await runCli(['generate-config', '-P', 'builtin', '--state-dir', stateDir, ...inputs.map((input) => join(dir, input))]);
      expect(result.stderr).toBe('');
      return result.stdout.trim();
    };
    // nginx depends on webapp1: given first, it reaches webapp1 through the store, and then again through the profile's link.
    const nginxFirst = await generate('result/nginx.json', 'result/webapp1.json');
    expect(await generate('result/webapp1.json', 'result/nginx.json')).toBe(nginxFirst);

    const whole = await generate('result');
    expect(await generate('result/manifest.json')).toBe(whole);
    const direct = await runCli(['build', model, '-P', 'builtin', '--state-dir', stateDir]);
    const storePaths = async (profile: string) => Object.fromEntries(Object.values((await readManifest(profile)).instances).map((entry) => [entry.instance, entry.storePath]));
    expect(await storePaths(whole)).toEqual(await storePaths(direct.stdout.trim()));

    const builtinProfile = await runCli(['generate-config', '-P', 'builtin', '--state-dir', stateDir, direct.stdout.trim()]);
    expect(builtinProfile.code).toBe(1);
    expect(builtinProfile.stderr).toContain(`${direct.stdout.trim()}: is a profile built for builtin, not agnostic JSON`);
  });
});
