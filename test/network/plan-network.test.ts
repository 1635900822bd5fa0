import { describe, expect, it } from 'vitest';
import type { NetworkRecord, ServiceRecord } from '../../src/network/network-record.ts';
import { planNetwork } from '../../src/network/plan-network.ts';

const service = (key: string, machine: string, digest = 'd1', dependsOn: string[] = []): ServiceRecord => ({
  key,
  type: 'process',
  machine,
  container: { name: 'process', type: 'process', properties: {} },
  dependsOn,
  digest,
});
const record = (...services: ServiceRecord[]): NetworkRecord => ({ formatVersion: 1, machines: {}, services });
const steps = (plan: ReturnType<typeof planNetwork>) => plan.map(({ action, service: { key, machine } }) => `${action} ${key}@${machine}`);

describe('planNetwork', () => {
  it('activates everything, dependencies first, on a first deploy', () => {
    expect(steps(planNetwork(null, record(service('db', 'a'), service('web', 'b', 'd1', ['db']))))).toEqual(['activate db@a', 'activate web@b']);
  });

  it('leaves unchanged services alone, activates changed ones in place, and moves a moved one', () => {
    const current = record(service('db', 'a'), service('api', 'a', 'd1', ['db']), service('web', 'b', 'd1', ['api']));
    const next = record(service('db', 'a'), service('api', 'a', 'd2', ['db']), service('web', 'c', 'd1', ['api']));
    expect(steps(planNetwork(current, next))).toEqual(['deactivate web@b', 'activate api@a', 'activate web@c']);
  });

  it('deactivates removed services dependents first', () => {
    const current = record(service('db', 'a'), service('api', 'a', 'd1', ['db']), service('web', 'b', 'd1', ['api']));
    expect(steps(planNetwork(current, record()))).toEqual(['deactivate web@b', 'deactivate api@a', 'deactivate db@a']);
  });

  it('activates every service again when repairing an interrupted deploy', () => {
    const current = record(service('db', 'a'), service('web', 'b', 'd1', ['db']));
    expect(steps(planNetwork(current, current))).toEqual([]);
    expect(steps(planNetwork(current, current, { repair: true }))).toEqual(['activate db@a', 'activate web@b']);
  });
});
