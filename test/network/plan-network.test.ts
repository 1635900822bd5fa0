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

describe('prerequisites of a step (phase two runs machines in parallel)', () => {
  it('orders one machine\'s steps, deactivations before activations, and dependencies across machines', async () => {
    const { prerequisites } = await import('../../src/network/apply-network.ts');
    const plan = planNetwork(
      record(service('db', 'a'), service('api', 'b', 'd1', ['db']), service('old', 'c')),
      record(service('db', 'a', 'd2'), service('api', 'b', 'd2', ['db']), service('web', 'c', 'd1', ['api']), service('cache', 'd')),
    );
    expect(steps(plan)).toEqual(['deactivate old@c', 'activate db@a', 'activate api@b', 'activate web@c', 'activate cache@d']);
    expect(plan.map((_step, index) => prerequisites(plan, index))).toEqual([[], [0], [0, 1], [0, 2], [0]]);
  });
});

describe('withUnchangedKept', () => {
  it('keeps the current entries of services the steps do not activate', async () => {
    const { withUnchangedKept } = await import('../../src/network/plan-network.ts');
    const current = record({ ...service('db', 'a'), process: { networkDir: '/n', modelFile: '/n/models/old/services.ts', interDependencies: {}, deploymentOptions: [] } }, service('web', 'b'));
    const next = record({ ...service('db', 'a'), process: { networkDir: '/n', modelFile: '/n/models/new/services.ts', interDependencies: {}, deploymentOptions: [] } }, service('web', 'b', 'd2'));
    const kept = withUnchangedKept(current, next, planNetwork(current, next));
    expect(kept.services.map((entry) => entry.process?.modelFile ?? entry.digest)).toEqual(['/n/models/old/services.ts', 'd2']);
  });
});

describe('containerConfigurations (what the coordinator builds)', () => {
  it('lists what each touched process container runs now and after each of its steps, and nothing for untouched containers', async () => {
    const { containerConfigurations } = await import('../../src/network/build-on-coordinator.ts');
    const processService = (key: string, machine: string, digest = 'd1', dependsOn: string[] = []) => ({
      ...service(key, machine, digest, dependsOn),
      process: { networkDir: '/n', modelFile: `/n/models/${digest}/services.ts`, interDependencies: {}, deploymentOptions: [] },
    });
    const current = record(processService('db', 'a'), processService('api', 'a', 'd1', ['db']), processService('web', 'b', 'd1', ['api']), processService('still', 'c'));
    const next = record(processService('db', 'a'), processService('api', 'a', 'd2', ['db']), processService('web', 'a', 'd1', ['api']), processService('still', 'c'));
    const plan = planNetwork(current, next);
    expect(steps(plan)).toEqual(['deactivate web@b', 'activate api@a', 'activate web@a']);
    const configurations = containerConfigurations(plan, current).map(({ machine, services }) => `${machine}: ${services.map(({ key, digest }) => `${key}-${digest}`).join(' ')}`);
    expect(configurations).toEqual(['b: web-d1', 'a: db-d1 api-d1', 'b: ', 'a: db-d1 api-d2', 'a: db-d1 api-d2 web-d1']);
  });

  it('builds an emptied managed-process container for its own process manager', async () => {
    const { containerConfigurations } = await import('../../src/network/build-on-coordinator.ts');
    const managed = {
      ...service('greeter', 'a'),
      type: 'managed-process',
      container: { name: 'managed-process', type: 'managed-process', properties: { processManager: 'supervisord' } },
      process: { networkDir: '/n', modelFile: '/n/models/d1/services.ts', interDependencies: {}, deploymentOptions: [] },
    };
    const configurations = containerConfigurations(planNetwork(record(managed), record()), record(managed));
    expect(configurations.map(({ processManager, services }) => `${processManager}: ${services.length}`)).toEqual(['supervisord: 1', 'supervisord: 0']);
  });
});
