import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareProfile } from '../../src/build/build-profile.ts';
import { ModelError } from '../../src/errors.ts';
import { createManagedProcess, executable } from '../../src/model/create-managed-process.ts';
import type { ManagedProcess } from '../../src/model/types.ts';
import { evaluateInline } from '../support/evaluate.ts';
import { tempDir } from '../support/temp-dir.ts';

const sh = '/bin/sh';

async function problemsOf(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('validation names the file, the instance and the field', () => {
  it('reports an unknown parameter (a typo) with its field', async () => {
    const error = await problemsOf(
      evaluateInline(() => ({ web: { pkg: createManagedProcess({ process: sh, enviroment: {} } as never) } })),
    );
    expect(error.problems).toEqual([{ instance: 'web', field: 'pkg', message: 'unknown parameter "enviroment" (did you mean "environment"?)' }]);
    expect(error.message).toMatch(/processes\.ts: instance "web": field "pkg": unknown parameter "enviroment" \(did you mean "environment"\?\)/);
  });

  it('names the parameter probably meant, also inside nested parameters, and none when nothing is close', async () => {
    const error = await problemsOf(
      evaluateInline(() => ({
        web: {
          pkg: createManagedProcess({
            process: sh,
            restart: { policy: 'always', backof: {} },
            readiness: { kind: 'tcp', port: 80, intervall: 10 },
            stop: { timeout: 5, completelyDifferent: true },
          } as never),
        },
      })),
    );
    expect(error.problems.map((problem) => `${problem.field}: ${problem.message}`).sort()).toEqual([
      'pkg.readiness: unknown parameter "intervall" (did you mean "interval"?)',
      'pkg.restart: unknown parameter "backof" (did you mean "backoff"?)',
      'pkg.stop: unknown parameter "completelyDifferent"',
    ]);
  });

  it('reports wrong types and malformed values, all of them at once', async () => {
    const error = await problemsOf(
      evaluateInline(() => ({
        web: {
          pkg: createManagedProcess({
            process: sh,
            environment: { PORT: {} as never, 'BAD-NAME': 'x' },
            stop: { signal: 'SIGNOPE', timeout: 'soon' },
            umask: '999',
            readiness: { kind: 'tcp', port: 70000 },
          }),
        },
      })),
    );
    const fields = error.problems.map((problem) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining(['pkg.environment.PORT', 'pkg.environment.BAD-NAME', 'pkg.stop.signal', 'pkg.stop.timeout', 'pkg.umask', 'pkg.readiness.port']),
    );
    expect(error.problems.find((problem) => problem.field === 'pkg.stop.timeout')!.message).toMatch(/"soon" is not a duration/);
    expect(error.message).toMatch(/^\d+ problems in the processes model:/);
  });

  it('rejects overrides for a process manager that does not exist', async () => {
    const error = await problemsOf(evaluateInline(() => ({ web: { pkg: createManagedProcess({ process: sh, overrides: { systmd: {} } }) } })));
    expect(error.problems[0]).toMatchObject({ instance: 'web', field: 'pkg.overrides.systmd', message: expect.stringMatching(/not a process manager/) });
  });

  it('rejects an instance without a pkg, and a pkg that is not a managed process', async () => {
    const error = await problemsOf(evaluateInline(() => ({ a: { port: 1 } as never, b: { pkg: { process: sh } as never } })));
    expect(error.problems).toEqual([
      { instance: 'a', field: 'pkg', message: expect.stringMatching(/not a managed process/) },
      { instance: 'b', field: 'pkg', message: expect.stringMatching(/not a managed process/) },
    ]);
  });

  it('rejects a process with neither process, foregroundProcess nor daemon', async () => {
    const error = await problemsOf(evaluateInline(() => ({ idle: { pkg: createManagedProcess({ args: ['x'] }) } })));
    expect(error.problems[0]).toMatchObject({ instance: 'idle', message: expect.stringMatching(/neither process, foregroundProcess nor daemon/) });
  });

  it('names a missing executable, the instance, and what to install', async () => {
    const error = await problemsOf(
      evaluateInline(() => ({
        proxy: { pkg: createManagedProcess({ process: executable('nginx-that-is-not-there', { install: 'apt-get install nginx' }) }) },
        tool: { pkg: createManagedProcess({ foregroundProcess: '/opt/none/bin/tool' }) },
      })),
    );
    expect(error.problems).toEqual([
      {
        instance: 'proxy',
        field: 'pkg.process',
        message: 'executable "nginx-that-is-not-there" was not found on PATH. Install it: apt-get install nginx',
      },
      { instance: 'tool', field: 'pkg.foregroundProcess', message: expect.stringMatching(/"\/opt\/none\/bin\/tool" does not exist/) },
    ]);
  });

  it('names a dependency cycle', async () => {
    const error = await problemsOf(
      evaluateInline(() => {
        const a = createManagedProcess({ process: sh });
        const b = createManagedProcess({ process: sh, dependencies: [a] });
        const c = createManagedProcess({ process: sh, dependencies: [b] });
        a.dependencies = [c];
        return { a: { pkg: a }, b: { pkg: b }, c: { pkg: c } };
      }),
    );
    expect(error.message).toMatch(/dependency cycle: a → c → b → a/);
  });

  it('rejects a dependency on an instance outside the model', async () => {
    const outsider: ManagedProcess = createManagedProcess({ name: 'db', process: sh });
    const error = await problemsOf(evaluateInline(() => ({ web: { pkg: createManagedProcess({ process: sh, dependencies: [outsider] }) } })));
    expect(error.problems).toEqual([
      { instance: 'web', field: 'pkg.dependencies[0]', message: 'depends on "db", which is not an instance of this model; add it to the model' },
    ]);
  });

  it('rejects a dependency given as a string', async () => {
    const error = await problemsOf(evaluateInline(() => ({ api: { pkg: createManagedProcess({ process: sh, dependencies: ['db' as never] }) } })));
    expect(error.problems).toEqual([{ instance: 'api', field: 'pkg.dependencies[0]', message: expect.stringMatching(/never a string/) }]);
  });

  it('rejects two instances with the same name', async () => {
    const error = await problemsOf(
      evaluateInline(() => ({
        one: { pkg: createManagedProcess({ name: 'webapp', process: sh }) },
        two: { pkg: createManagedProcess({ instanceName: 'webapp', process: sh }) },
      })),
    );
    expect(error.problems).toEqual([{ instance: 'two', field: 'pkg.name', message: expect.stringMatching(/has the name "webapp", like instance "one"/) }]);
  });

  it('rejects two instances claiming the same TCP port, through their port or their process', async () => {
    const error = await problemsOf(
      evaluateInline(() => ({
        a: { port: 5000, pkg: createManagedProcess({ process: sh }) },
        b: { pkg: createManagedProcess({ process: sh, ports: [5000] }) },
        c: { port: 0, pkg: createManagedProcess({ process: sh }) },
        d: { port: 0, pkg: createManagedProcess({ process: sh }) },
      })),
    );
    expect(error.problems).toEqual([{ instance: 'b', field: 'port', message: expect.stringMatching(/claims TCP port 5000, already claimed by instance "a"/) }]);
  });

  it('rejects the same process object used by two instances', async () => {
    const error = await problemsOf(
      evaluateInline(() => {
        const shared = createManagedProcess({ process: sh });
        return { a: { pkg: shared }, b: { pkg: shared } };
      }),
    );
    expect(error.problems[0]).toMatchObject({ instance: 'b', message: expect.stringMatching(/same process as instance "a"/) });
  });
});

describe('models that fail to load', () => {
  const build = (file: string, stateDir: string) => prepareProfile({ modelFile: file, processManager: 'none', dirs: { stateDir } });

  it('a missing file says how to point at one', async () => {
    const dir = tempDir();
    const error = await problemsOf(build(join(dir, 'processes.ts'), join(dir, 'state')));
    expect(error.message).toMatch(/processes\.ts: the processes model does not exist/);
    expect(error.hint).toMatch(/PROCFORM_PROCESSES/);
  });

  it('a syntax error names the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), 'export default defineProcesses((ctx) => ({ oops: ');
    const error = await problemsOf(build(join(dir, 'processes.ts'), join(dir, 'state')));
    expect(error.message).toMatch(new RegExp(`^${join(dir, 'processes.ts')}: the processes model failed to load`));
  });

  it('an exception while evaluating names the file and the line', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'processes.ts'),
      "import { defineProcesses } from 'procform';\nexport default defineProcesses((ctx) => {\n  throw new Error('no port for you');\n});\n",
    );
    const error = await problemsOf(build(join(dir, 'processes.ts'), join(dir, 'state')));
    expect(error.message).toMatch(/evaluating the processes model failed: no port for you \(line 3\)/);
  });

  it('a default export that is not a model says what to export', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), 'export default 42;\n');
    const error = await problemsOf(build(join(dir, 'processes.ts'), join(dir, 'state')));
    expect(error.hint).toMatch(/defineProcesses/);
  });

  it('writes nothing when the model is rejected', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'processes.ts'),
      [
        "import { createManagedProcess, defineProcesses } from 'procform';",
        'export default defineProcesses((ctx) => {',
        "  const script = ctx.writeScript('helper', '#!/bin/sh\\nexit 0\\n');",
        "  return { a: { pkg: createManagedProcess({ process: script, ports: [7000] }) }, b: { pkg: createManagedProcess({ process: script, ports: [7000] }) } };",
        '});',
      ].join('\n'),
    );
    await problemsOf(build(join(dir, 'processes.ts'), join(dir, 'state')));
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });
});
