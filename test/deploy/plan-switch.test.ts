import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.ts';
import { isEmptyPlan, planSwitch, withRestarts } from '../../src/deploy/plan-switch.ts';

/** A manifest from `instance: storeHash` pairs and dependencies; only what planning reads. */
function manifest(instances: Record<string, string>, dependencies: Record<string, string[]> = {}): Manifest {
  const order = Object.keys(instances).sort((a, b) => (dependencies[b]?.includes(a) ? -1 : dependencies[a]?.includes(b) ? 1 : a.localeCompare(b)));
  return {
    formatVersion: 1,
    processManager: 'builtin',
    forceDisableUserChange: true,
    dirs: {} as Manifest['dirs'],
    storeDir: '/store',
    startOrder: order,
    instances: Object.fromEntries(
      Object.entries(instances).map(([instance, hash]) => [
        instance,
        { instance, name: instance, storePath: `/store/${hash}-${instance}`, dependencies: dependencies[instance] ?? [], spec: {} as never },
      ]),
    ),
  };
}

const names = (entries: { instance: string; storePath: string }[]) => entries.map((entry) => `${entry.instance}@${entry.storePath.split('/')[2]!.split('-')[0]}`);

describe('planSwitch', () => {
  it('starts everything, dependencies first, on a first deployment', () => {
    const plan = planSwitch(null, manifest({ web: 'a', db: 'b', proxy: 'c' }, { web: ['db'], proxy: ['web'] }));
    expect(names(plan.start)).toEqual(['db@b', 'web@a', 'proxy@c']);
    expect(plan.stop).toEqual([]);
  });

  it('keeps instances whose store path did not change', () => {
    const old = manifest({ web: 'a', db: 'b' });
    const plan = planSwitch(old, manifest({ web: 'a', db: 'b' }));
    expect(names(plan.keep)).toEqual(['db@b', 'web@a']);
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('restarts changed instances, stops removed ones in reverse order, starts new ones in order', () => {
    const old = manifest({ db: 'b', web1: 'a', proxy: 'c', gone: 'g' }, { web1: ['db'], proxy: ['web1'], gone: ['proxy'] });
    const next = manifest({ db: 'b', web1: 'A', proxy: 'C', web2: 'd' }, { web1: ['db'], proxy: ['web1', 'web2'], web2: ['db'] });
    const plan = planSwitch(old, next);
    expect(names(plan.stop)).toEqual(['gone@g', 'proxy@c', 'web1@a']);
    expect(names(plan.start)).toEqual(['web1@A', 'web2@d', 'proxy@C']);
    expect(names(plan.keep)).toEqual(['db@b']);
  });

  it('after an interrupted switch, restarts every instance the interrupted switch may have changed', () => {
    const old = manifest({ db: 'b', web: 'a', proxy: 'c' });
    const interrupted = manifest({ db: 'b', web: 'X', extra: 'e' });
    const next = manifest({ db: 'b', web: 'a', proxy: 'c' });
    const plan = planSwitch(old, next, interrupted);
    // db is the same in both: it runs for sure and stays. web may run as a or X: stop both, start a.
    // proxy was maybe stopped, extra maybe started: stop them, and start proxy again.
    expect(names(plan.keep)).toEqual(['db@b']);
    expect(names(plan.stop)).toEqual(['extra@e', 'web@a', 'web@X', 'proxy@c']);
    expect(names(plan.start)).toEqual(['proxy@c', 'web@a']);
  });
});

describe('withRestarts', () => {
  const current = manifest({ web: 'a', db: 'b', proxy: 'c', cache: 'd' }, { web: ['db'], proxy: ['web'] });

  it('stops the named unchanged instances in reverse start order and starts them in start order, keeping the rest', () => {
    const plan = withRestarts(planSwitch(current, current), current, ['proxy', 'db']);
    expect(names(plan.stop)).toEqual(['proxy@c', 'db@b']);
    expect(names(plan.start)).toEqual(['db@b', 'proxy@c']);
    expect(plan.keep.map((entry) => entry.instance).sort()).toEqual(['cache', 'web']);
    // Named, so that a driver that skips instances already running their configuration does not skip these.
    expect(plan.restart).toEqual(['db', 'proxy']);
  });

  it('adds to what the plan already starts, in start order', () => {
    const next = manifest({ web: 'a2', db: 'b', proxy: 'c', cache: 'd' }, { web: ['db'], proxy: ['web'] });
    const plan = withRestarts(planSwitch(current, next), next, ['db']);
    expect(names(plan.stop)).toEqual(['web@a', 'db@b']);
    expect(names(plan.start)).toEqual(['db@b', 'web@a2']);
  });
});
