import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../src/build/build-profile.ts';
import { ModelError } from '../../src/errors.ts';
import { validationCacheFile, validationKey } from '../../src/load/validation-cache.ts';
import { tempDir } from '../support/temp-dir.ts';

// A model of three instances whose ports (and one instance's extra fields) come from a JSON file
// beside it, so that a test changes what the model returns by writing that file.
function modelIn(dir: string): { model: string; write(settings: Settings): void } {
  const model = join(dir, 'processes.ts');
  const settingsFile = join(dir, 'settings.json');
  writeFileSync(
    model,
    `import { readFileSync } from 'node:fs';
import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => {
  const settings = JSON.parse(readFileSync(${JSON.stringify(settingsFile)}, 'utf8'));
  const db = { port: settings.ports[0], pkg: createManagedProcess({ name: 'db', process: '/bin/sh', args: ['-c', 'sleep 1000', settings.ports[0]] }) };
  return {
    db,
    web: { port: settings.ports[1], pkg: createManagedProcess({ name: 'web', process: '/bin/sh', args: ['-c', 'sleep 1000', settings.ports[1]], dependencies: [db], ...settings.web }) },
    other: { pkg: createManagedProcess({ name: 'other', process: '/bin/sh', args: ['-c', 'sleep 1000'], stop: { timeout: '5s' } }) },
  };
});
`,
  );
  return { model, write: (settings) => writeFileSync(settingsFile, JSON.stringify(settings)) };
}

interface Settings {
  ports: number[];
  web?: Record<string, unknown>;
}

// Without the profile memo: every build validates.
const build = (model: string, stateDir: string, cache = true) => buildProfile({ modelFile: model, processManager: 'builtin', dirs: { stateDir }, cache });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('the validation cache (validation-cache.ts)', () => {
  it('an instance whose parameters changed is validated again: a good value gives a clean build\'s profile, a bad one the same error', async () => {
    const dir = tempDir();
    const { model, write } = modelIn(dir);
    const stateDir = join(dir, 'state');
    write({ ports: [7001, 7002] });
    await build(model, stateDir);

    // A changed duration: validation turns "2s" into 2000 ms; the cached instance would not.
    write({ ports: [7001, 7002], web: { stop: { timeout: '2s' } } });
    const changed = await build(model, stateDir);
    const clean = await build(model, stateDir, false);
    // The store path is the hash of the profile's whole content: the same path, the same bytes.
    expect(changed.path).toBe(clean.path);
    expect(changed.manifest.instances.web!.spec.stop.timeoutMs).toBe(2000);

    // A bad value, after the same instance was valid before: the error a clean build gives.
    write({ ports: [7001, 7002], web: { stop: { timeout: 'soon' } } });
    const cached = await failure(build(model, stateDir));
    const uncached = await failure(build(model, stateDir, false));
    expect(cached).toBeInstanceOf(ModelError);
    expect((cached as ModelError).message).toBe((uncached as ModelError).message);
    expect((cached as ModelError).message).toContain(`${model}: instance "web": field "pkg.stop.timeout": "soon" is not a duration`);

    // A bad value in a field the quick check knows (quick-validate.ts): zod's error all the same.
    write({ ports: [7001, 7002], web: { readiness: { kind: 'tcp', port: 0 } } });
    const quickCached = await failure(build(model, stateDir));
    expect((quickCached as ModelError).message).toBe(((await failure(build(model, stateDir, false))) as ModelError).message);
    expect((quickCached as ModelError).message).toMatch(new RegExp(`^${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: instance "web": field "pkg\\.readiness\\.port": `));

    // Back to a value seen before: taken from the cache, the dependency still a reference to db.
    write({ ports: [7001, 7002] });
    const again = await build(model, stateDir);
    expect(again.path).toBe((await build(model, stateDir, false)).path);
    expect(again.manifest.instances.web!.dependencies).toEqual(['db']);
  });

  it('a damaged, altered or foreign cache file is not used: the build is a clean build\'s', async () => {
    const dir = tempDir();
    const { model, write } = modelIn(dir);
    const stateDir = join(dir, 'state');
    write({ ports: [7101, 7102], web: { stop: { timeout: '3s' } } });
    const expected = (await build(model, stateDir, false)).path;
    const file = validationCacheFile(join(stateDir, 'lib/procform/store'));
    await build(model, stateDir);
    const good = readFileSync(file, 'utf8');
    const [header, body] = [good.slice(0, good.indexOf('\n')), good.slice(good.indexOf('\n') + 1)];
    expect(body).toContain('"timeout":3000');

    const variants = {
      truncated: good.slice(0, good.length - 20),
      garbage: 'not json at all',
      // Valid JSON with another value but the old digest: taken for damage.
      altered: `${header}\n${body.replace('"timeout":3000', '"timeout":9000')}`,
      'another format': good.replace('"formatVersion":1', '"formatVersion":2'),
      'another procform build': good.replace(/"stamp":"[^"]*"/, '"stamp":"0.0.0 1"'),
      empty: '',
    };
    for (const [what, text] of Object.entries(variants)) {
      writeFileSync(file, text);
      const built = await build(model, stateDir);
      expect(built.path, what).toBe(expected);
      // What it wrote back is whole again.
      expect(readFileSync(file, 'utf8'), what).toContain('"timeout":3000');
    }
  });

  it('keys only what JSON keeps exactly', () => {
    const pkg = { kind: 'managed-process', process: 'sleep', args: [1] };
    expect(validationKey({ pkg })).toBe(validationKey({ pkg: { ...pkg } }));
    expect(validationKey({ pkg })).not.toBe(validationKey({ pkg: { ...pkg, args: ['1'] } }));
    expect(validationKey({ pkg: { ...pkg, overrides: { builtin: () => ({}) } } })).toBeNull();
    expect(validationKey({ pkg: { ...pkg, description: undefined } })).toBeNull();
    expect(validationKey({ pkg: { ...pkg, nice: Number.NaN } })).toBeNull();
    expect(validationKey({ pkg: { ...pkg, directory: new Date(0) } })).toBeNull();
    expect(validationKey({ pkg: { ...pkg, dependencies: ['db'] } })).toBeNull();
    expect(validationKey({ pkg: { ...pkg, dependencies: [{ pkg }] } })).toBe(validationKey({ pkg: { ...pkg, dependencies: [pkg] } }));
    expect(validationKey({ pkg: { ...pkg, dependencies: [pkg] } })).not.toBe(validationKey({ pkg: { ...pkg, dependencies: [pkg, pkg] } }));
  });
});
