import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../../src/backends/registry.ts';
import { prepareProfile } from '../../../src/build/build-profile.ts';
import type { ModelFunction } from '../../../src/load/load-model.ts';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import type { InstanceConfig } from '../../../src/backends/builtin/supervisor/instance-config.ts';
import { tempDir } from '../../support/temp-dir.ts';

async function build(model: ModelFunction, stateDir = join(tempDir(), 'state')) {
  const prepared = await prepareProfile({ modelFile: join(stateDir, 'processes.ts'), model, processManager: 'builtin', dirs: { stateDir }, forceDisableUserChange: false });
  prepared.evaluated.store.flush();
  return { ...prepared, stateDir };
}

const configOf = (profile: string, name: string) => JSON.parse(readFileSync(join(profile, 'builtin', `${name}.json`), 'utf8')) as InstanceConfig;

describe('builtin backend: lowering', () => {
  it('writes one readable JSON per instance, linked from the profile', async () => {
    const { path, stateDir } = await build(() => {
      const db = createManagedProcess({ process: '/bin/sleep', args: [1000], readiness: { kind: 'tcp', port: 5432 } });
      return {
        db: { pkg: db },
        web: {
          pkg: createManagedProcess({
            daemon: '/bin/sleep',
            daemonArgs: [1000],
            environment: { MODE: 'prod', PATH: '/custom/bin' },
            path: ['/opt/web/bin'],
            user: 'nobody',
            dependencies: [db],
            umask: 0o27,
            nice: 3,
          }),
        },
      };
    });
    const web = configOf(path, 'web');
    expect(web).toMatchObject({
      instance: 'web',
      mode: 'daemon',
      executable: '/bin/sleep',
      args: ['1000'],
      pidFile: `${stateDir}/tmp/web.pid`,
      environment: { MODE: 'prod', PATH: '/opt/web/bin:/custom/bin' },
      umask: '0027',
      nice: 3,
      user: 'nobody',
      log: { file: `${stateDir}/log/web.log`, timestamps: false, rotate: { maxBytes: 10 * 1024 * 1024, keep: 5 }, maxLineBytes: 16384 },
      restart: { policy: 'on-failure' },
      stop: { signal: 'SIGTERM', timeoutMs: 10_000 },
    });
    expect(configOf(path, 'db')).toMatchObject({ mode: 'foreground', pidFile: null, readiness: { kind: 'tcp', port: 5432, host: '127.0.0.1' } });
  });

  it('deep-merges overrides.builtin into the lowered object', async () => {
    const { path } = await build(() => ({
      web: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1], overrides: { builtin: { stop: { timeoutMs: 1234 }, log: { timestamps: true } } } }) },
    }));
    expect(configOf(path, 'web')).toMatchObject({ stop: { signal: 'SIGTERM', timeoutMs: 1234 }, log: { timestamps: true, maxLineBytes: 16384 } });
  });

  it('explains every feature as native', async () => {
    const backend = await loadBackend('builtin');
    const { manifest, evaluated } = await build(() => ({
      web: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1], user: 'nobody', readiness: { kind: 'http', url: 'http://127.0.0.1:1/' } }) },
    }));
    const spec = manifest.instances.web!.spec;
    const input = { spec, processes: new Map([[spec.name, spec]]), dependencyStorePaths: new Map(), params: {} as never, ctx: evaluated.ctx };
    const capabilities = backend.explain!(backend.lower(input), input);
    expect(capabilities.every((capability) => capability.support === 'native')).toBe(true);
    expect(capabilities.map((capability) => capability.feature)).toEqual(
      expect.arrayContaining(['mode', 'ordering', 'readiness', 'restart', 'backoff', 'stop', 'user', 'environment', 'logs', 'log rotation']),
    );
    expect(capabilities.find((capability) => capability.feature === 'readiness')!.detail).toBe('http http://127.0.0.1:1/');
  });

  it('gives byte-identical output for the same model', async () => {
    const model: ModelFunction = () => ({ web: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1] }) } });
    const stateDir = join(tempDir(), 'state');
    expect((await build(model, stateDir)).path).toBe((await build(model, stateDir)).path);
  });
});
