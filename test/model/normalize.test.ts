import { describe, expect, it } from 'vitest';
import { createManagedProcess, executable } from '../../src/model/create-managed-process.ts';
import { evaluateInline } from '../support/evaluate.ts';

const sh = '/bin/sh';

describe('normalization', () => {
  it('applies upstream defaults: name from instanceName, description from name, args per mode', async () => {
    const { specs } = await evaluateInline(() => ({
      app: {
        pkg: createManagedProcess({
          instanceName: 'app1',
          process: sh,
          args: ['-c', 'sleep 1'],
          foregroundProcessExtraArgs: ['fg'],
          daemonExtraArgs: ['bg'],
        }),
      },
    }));
    const [spec] = specs;
    expect(spec).toMatchObject({
      instance: 'app',
      name: 'app1',
      instanceName: 'app1',
      description: 'app1',
      foreground: { executable: sh, args: ['-c', 'sleep 1', 'fg'] },
      daemon: { executable: sh, args: ['-c', 'sleep 1', 'bg'] },
    });
  });

  it('lets explicit argument lists replace the composed ones, and picks each mode\'s own executable', async () => {
    const { specs } = await evaluateInline(() => ({
      app: {
        pkg: createManagedProcess({
          foregroundProcess: 'sh',
          foregroundProcessArgs: ['-c', 'exec sleep 5'],
          daemon: executable('true'),
          daemonArgs: [1, 2],
        }),
      },
    }));
    expect(specs[0]!.foreground).toEqual({ executable: expect.stringMatching(/\/sh$/), args: ['-c', 'exec sleep 5'] });
    expect(specs[0]!.daemon).toEqual({ executable: expect.stringMatching(/\/true$/), args: ['1', '2'] });
  });

  it('names an instance after its key when the process has no name', async () => {
    const { specs } = await evaluateInline(() => ({ worker: { pkg: createManagedProcess({ process: sh }) } }));
    expect(specs[0]).toMatchObject({ name: 'worker', instanceName: 'worker' });
  });

  it('puts PID files in runtimeDir, or in tmpDir for a process that changes user (upstream convention)', async () => {
    const { specs, ctx } = await evaluateInline(() => ({
      plain: { pkg: createManagedProcess({ process: sh }) },
      withUser: { pkg: createManagedProcess({ process: sh, user: 'svc' }) },
      explicit: { pkg: createManagedProcess({ process: sh, pidFile: '/srv/x.pid' }) },
    }));
    const byName = Object.fromEntries(specs.map((spec) => [spec.name, spec]));
    expect(byName.plain!.pidFile).toBe(`${ctx.runtimeDir}/plain.pid`);
    expect(byName.withUser!.pidFile).toBe(`${ctx.tmpDir}/withUser.pid`);
    expect(byName.explicit!.pidFile).toBe('/srv/x.pid');
  });

  it('drops the user and credentials when user change is disabled, but keeps the PID file convention', async () => {
    const model = () => ({
      svc: {
        pkg: createManagedProcess({
          process: sh,
          user: 'svc',
          credentials: { groups: { svc: {} }, users: { svc: { group: 'svc' } } },
        }),
      },
    });
    const privileged = (await evaluateInline(model)).specs[0]!;
    const unprivileged = await evaluateInline(model, { forceDisableUserChange: true });
    expect(privileged.user).toBe('svc');
    expect(privileged.credentials.users).toHaveProperty('svc');
    expect(unprivileged.specs[0]).toMatchObject({ user: null, declaredUser: 'svc', credentials: { groups: {}, users: {} } });
    expect(unprivileged.specs[0]!.pidFile).toBe(`${unprivileged.ctx.tmpDir}/svc.pid`);
  });

  it('coerces environment values to strings and normalizes umask, nice and durations', async () => {
    const { specs } = await evaluateInline(() => ({
      app: {
        pkg: createManagedProcess({
          process: sh,
          environment: { PORT: 5000, DEBUG: true, NAME: 'x' },
          umask: 0o22,
          nice: '5',
          stop: { signal: 'int', timeout: '2s' },
          restart: { policy: 'always', backoff: { initial: '1s', max: '1m' } },
          readiness: { kind: 'exec', command: 'test -e /tmp', timeout: '5s' },
          log: { timestamps: true, rotate: { maxSize: '1M', keep: 2 } },
        }),
      },
    }));
    expect(specs[0]).toMatchObject({
      environment: { PORT: '5000', DEBUG: 'true', NAME: 'x' },
      umask: '0022',
      nice: 5,
      stop: { signal: 'SIGINT', timeoutMs: 2000 },
      restart: { policy: 'always', backoff: { initialMs: 1000, maxMs: 60_000, multiplier: 2, maxRestarts: 10, resetAfterMs: 60_000 } },
      readiness: { kind: 'exec', command: ['/bin/sh', '-c', 'test -e /tmp'], timeoutMs: 5000, intervalMs: 100 },
      log: { timestamps: true, rotate: { maxBytes: 1024 * 1024, keep: 2 } },
    });
  });

  it('has serious defaults for the portable semantics', async () => {
    const { specs } = await evaluateInline(() => ({ app: { pkg: createManagedProcess({ process: sh }) } }));
    expect(specs[0]).toMatchObject({
      readiness: null,
      restart: { policy: 'on-failure', backoff: { initialMs: 100, multiplier: 2, maxMs: 30_000, maxRestarts: 10, resetAfterMs: 60_000 } },
      stop: { signal: 'SIGTERM', timeoutMs: 10_000 },
      log: { timestamps: false, rotate: { maxBytes: 10 * 1024 * 1024, keep: 5 } },
    });
  });

  it('takes uid and gid from the IDs when the names match, unless given', async () => {
    const { specs } = await evaluateInline((ctx) => {
      Object.assign(ctx.ids, { uids: { web: 2001, other: 3000 }, gids: { web: 2002 } });
      return {
        web: {
          pkg: createManagedProcess({
            process: sh,
            credentials: { groups: { web: {} }, users: { web: { group: 'web' }, fixed: { uid: 42 } } },
          }),
        },
      };
    });
    expect(specs[0]!.credentials).toEqual({ groups: { web: { gid: 2002 } }, users: { web: { group: 'web', uid: 2001 }, fixed: { uid: 42 } } });
  });

  it('orders instances dependencies first and records dependencies by name', async () => {
    const { specs } = await evaluateInline(() => {
      const db = { pkg: createManagedProcess({ instanceName: 'db1', process: sh }) };
      const api = { pkg: createManagedProcess({ process: sh, dependencies: [db] }) };
      const web = { pkg: createManagedProcess({ process: sh, dependencies: [api.pkg, db] }) };
      return { web, api, db };
    });
    expect(specs.map((spec) => spec.instance)).toEqual(['db', 'api', 'web']);
    expect(specs[2]!.dependencies).toEqual(['api', 'db1']);
  });

  it('passes extra parameters and folders to the model', async () => {
    const seen: unknown[] = [];
    await evaluateInline(
      (ctx) => {
        seen.push(ctx.extraParams.mode, ctx.processManager, ctx.tmpDir.endsWith('/state/tmp'), ctx.runtimeDir.endsWith('/state/run'));
        return {};
      },
      { extraParams: { mode: 'daemon' } },
    );
    expect(seen).toEqual(['daemon', 'none', true, true]);
  });
});
