import { describe, expect, it } from 'vitest';
import { applyOverride } from '../../src/build/apply-override.ts';
import { prepareProfile } from '../../src/build/build-profile.ts';
import { ModelError } from '../../src/errors.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import type { ModelFunction } from '../../src/load/load-model.ts';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { tempDir } from '../support/temp-dir.ts';

const where = { instance: 'web', processManager: 'systemd' };

describe('applyOverride', () => {
  it('deep-merges an object: objects key by key, anything else replaces', () => {
    const generated = { Unit: { Description: 'web', After: ['a'] }, Service: { Type: 'simple', Restart: 'no' } };
    expect(applyOverride(generated, { Service: { Restart: 'always' }, Unit: { After: ['b'] }, Install: { WantedBy: 'x' } }, where)).toEqual({
      Unit: { Description: 'web', After: ['b'] },
      Service: { Type: 'simple', Restart: 'always' },
      Install: { WantedBy: 'x' },
    });
  });

  it('lets a function transform a copy, including deleting keys', () => {
    const generated = { Service: { Type: 'forking', PIDFile: '/run/x.pid' } };
    const result = applyOverride(generated, ({ Service }) => ({ Service: { ...(Service as object), Type: 'simple', PIDFile: undefined } }), where);
    expect(result).toEqual({ Service: { Type: 'simple', PIDFile: undefined } });
    expect(generated.Service.Type).toBe('forking');
  });

  it('names the instance and the override when a function fails or returns nonsense', () => {
    expect(() => applyOverride({}, () => { throw new Error('boom'); }, where)).toThrow(/instance "web": field "pkg.overrides.systemd": the override function failed: boom/);
    expect(() => applyOverride({}, () => 3 as never, where)).toThrow(/must return the parameters object/);
  });
});

describe('overrides in a build', () => {
  const build = (model: ModelFunction) => {
    const stateDir = join(tempDir(), 'state');
    return prepareProfile({ modelFile: join(stateDir, 'processes.ts'), model, processManager: 'none', dirs: { stateDir } });
  };

  it('apply only the current process manager\'s key', async () => {
    const prepared = await build(() => ({
      web: { pkg: createManagedProcess({ process: '/bin/sh', overrides: { none: { extra: 1 }, systemd: { ignored: true } } }) },
    }));
    prepared.evaluated.store.flush();
    const config = JSON.parse(readFileSync(join(prepared.path, 'web.json'), 'utf8'));
    expect(config.extra).toBe(1);
    expect(config.ignored).toBeUndefined();
  });

  it('report a failing override function as a model error on that instance', async () => {
    const error = await build(() => ({
      web: { pkg: createManagedProcess({ process: '/bin/sh', overrides: { none: () => { throw new Error('nope'); } } }) },
    })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).problems[0]).toMatchObject({ instance: 'web', field: 'pkg.overrides.none' });
  });
});
