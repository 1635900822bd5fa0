import { describe, expect, it } from 'vitest';
import { MACHINE_TESTED_PROCESS_MANAGERS } from '../../src/backends/registry.ts';
import { planVariants } from '../../src/testing/plan-variants.ts';
import type { LoadedTest } from '../../src/testing/types.ts';

const test = (name: string, options: Partial<LoadedTest['options']> = {}): LoadedTest => ({
  name,
  file: `/tests/${name}.ts`,
  modelFile: `/models/${name}.ts`,
  options: { exprFile: `/models/${name}.ts`, ...options },
});

describe('planVariants', () => {
  it('makes test × profile × process manager, in the tests\' own order, named as upstream\'s attributes', () => {
    const ids = planVariants([test('a', { processManagers: ['sysvinit', 'builtin'] }), test('b', { processManagers: ['systemd'], profiles: ['unprivileged'] })]).map((variant) => variant.id);
    expect(ids).toEqual(['a.privileged.sysvinit', 'a.privileged.builtin', 'a.unprivileged.sysvinit', 'a.unprivileged.builtin', 'b.unprivileged.systemd']);
  });

  it('defaults to every process manager the driver knows and both profiles', () => {
    // Every backend of the registry that deploys in test machines, in its order.
    const deployable = MACHINE_TESTED_PROCESS_MANAGERS;
    expect(planVariants([test('a')]).map((variant) => variant.id)).toEqual(['privileged', 'unprivileged'].flatMap((profile) => deployable.map((name) => `a.${profile}.${name}`)));
  });

  it('narrows by process manager, profile and --only (substring, or * as a wildcard)', () => {
    const tests = [test('webapps'), test('webapps-advanced')];
    const ids = (filter: Parameters<typeof planVariants>[1]) => planVariants(tests, filter).map((variant) => variant.id);
    expect(ids({ processManagers: ['systemd'], profiles: ['privileged'] })).toEqual(['webapps.privileged.systemd', 'webapps-advanced.privileged.systemd']);
    expect(ids({ only: ['advanced.unprivileged.s'] })).toEqual(['webapps-advanced.unprivileged.supervisord', 'webapps-advanced.unprivileged.sysvinit', 'webapps-advanced.unprivileged.systemd', 'webapps-advanced.unprivileged.s6-rc']);
    expect(ids({ only: ['webapps.*.builtin', '*-advanced.privileged.sysvinit'] })).toEqual([
      'webapps.privileged.builtin',
      'webapps.unprivileged.builtin',
      'webapps-advanced.privileged.sysvinit',
    ]);
    // A process manager a test does not list is not one of its variants, filtered or not.
    expect(planVariants([test('a', { processManagers: ['builtin'] })], { processManagers: ['systemd'] })).toEqual([]);
  });
});
