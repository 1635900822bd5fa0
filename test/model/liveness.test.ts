import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import { managedProcessJsonSchema } from '../../src/model/json-schema.ts';
import type { ManagedProcessParams } from '../../src/model/types.ts';
import { evaluateInline } from '../support/evaluate.ts';

const sh = '/bin/sh';

async function problemsOf(liveness: unknown): Promise<string[]> {
  const error = await evaluateInline(() => ({ web: { pkg: createManagedProcess({ process: sh, liveness } as ManagedProcessParams) } })).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModelError);
  return (error as ModelError).problems.map((problem) => `${problem.instance} ${problem.field}: ${problem.message}`);
}

describe('the liveness field', () => {
  it('has defaults: every 10 s, 5 s per attempt, restarted after 3 failures in a row, from the moment it is ready', async () => {
    const { specs } = await evaluateInline(() => ({
      web: { pkg: createManagedProcess({ process: sh, liveness: { kind: 'http', url: 'http://127.0.0.1:8080/health' } }) },
    }));
    expect(specs[0]!.liveness).toEqual({ kind: 'http', url: 'http://127.0.0.1:8080/health', status: null, periodMs: 10_000, timeoutMs: 5_000, failures: 3, afterMs: 0 });
  });

  it('takes durations as strings, a shell string or an argv for exec, and a host for tcp', async () => {
    const { specs } = await evaluateInline(() => ({
      a: { pkg: createManagedProcess({ process: sh, liveness: { kind: 'exec', command: 'redis-cli ping', period: '2s', timeout: '500ms', failures: 5, after: '1m' } }) },
      b: { pkg: createManagedProcess({ process: sh, liveness: { kind: 'tcp', port: 6379 } }) },
      c: { pkg: createManagedProcess({ process: sh, liveness: { kind: 'exec', command: ['/bin/true'] } }) },
    }));
    const byInstance = Object.fromEntries(specs.map((spec) => [spec.instance, spec.liveness]));
    expect(byInstance.a).toEqual({ kind: 'exec', command: ['/bin/sh', '-c', 'redis-cli ping'], periodMs: 2000, timeoutMs: 500, failures: 5, afterMs: 60_000 });
    expect(byInstance.b).toMatchObject({ kind: 'tcp', port: 6379, host: '127.0.0.1' });
    expect(byInstance.c).toMatchObject({ kind: 'exec', command: ['/bin/true'] });
  });

  it('is absent from the spec of an instance without one, so that its output is what it was before', async () => {
    const { specs } = await evaluateInline(() => ({ web: { pkg: createManagedProcess({ process: sh }) } }));
    expect(specs[0]).not.toHaveProperty('liveness');
  });

  it('names the instance and the field of every problem', async () => {
    expect(await problemsOf({ kind: 'http', url: 'http://127.0.0.1/', period: 'often', timeout: 0, failures: 0 })).toEqual([
      'web pkg.liveness.period: "often" is not a duration; write milliseconds or a string such as "500ms", "5s", "2m"',
      'web pkg.liveness.timeout: must be longer than 0 ms',
      expect.stringMatching(/^web pkg\.liveness\.failures: .*>=\s*1/),
    ]);
    expect(await problemsOf({ kind: 'tcp', port: 70000 })).toEqual([expect.stringMatching(/^web pkg\.liveness\.port: /)]);
  });

  it('rejects the kinds that cannot tell a hung process from a live one, and misspelled parameters', async () => {
    expect(await problemsOf({ kind: 'log', pattern: 'ok' })).toEqual(['web pkg.liveness.kind: a liveness check is of kind "tcp", "http" or "exec"']);
    expect(await problemsOf({ kind: 'file', path: '/tmp/x' })).toEqual(['web pkg.liveness.kind: a liveness check is of kind "tcp", "http" or "exec"']);
    expect(await problemsOf({ kind: 'tcp', port: 80, failure: 2 })).toEqual(['web pkg.liveness: unknown parameter "failure" (did you mean "failures"?)']);
    expect(await problemsOf({ kind: 'tcp', port: 80, interval: '1s' })).toEqual([expect.stringMatching(/^web pkg\.liveness: unknown parameter "interval"/)]);
  });

  it('is in the JSON Schema', () => {
    const schema = managedProcessJsonSchema() as { properties: Record<string, { oneOf?: { properties: Record<string, unknown> }[]; anyOf?: { properties: Record<string, unknown> }[] }> };
    const variants = schema.properties.liveness!.oneOf ?? schema.properties.liveness!.anyOf ?? [];
    expect(variants.map((variant) => Object.keys(variant.properties).sort())).toEqual([
      ['after', 'failures', 'host', 'kind', 'period', 'port', 'timeout'],
      ['after', 'failures', 'kind', 'period', 'status', 'timeout', 'url'],
      ['after', 'command', 'failures', 'kind', 'period', 'timeout'],
    ]);
  });
});
