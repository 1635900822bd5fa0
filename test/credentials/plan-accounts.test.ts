import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.ts';
import type { AccountsRecord } from '../../src/credentials/accounts-record.ts';
import { emptyAccountsRecord } from '../../src/credentials/accounts-record.ts';
import { planAccounts } from '../../src/credentials/plan-accounts.ts';
import type { GroupProperties, ProcessSpec, UserProperties } from '../../src/model/types.ts';

/** A manifest whose instances declare these credentials; the planner reads nothing else. */
function manifest(credentials: Record<string, ProcessSpec['credentials']>, forceDisableUserChange = false): Manifest {
  const instances = Object.fromEntries(
    Object.entries(credentials).map(([instance, declared]) => [
      instance,
      { instance, name: instance, storePath: `/store/${instance}`, dependencies: [], spec: { instance, credentials: declared } as ProcessSpec },
    ]),
  );
  return { forceDisableUserChange, instances, startOrder: Object.keys(instances) } as unknown as Manifest;
}

const webapp = (name: string, id: number): ProcessSpec['credentials'] => ({
  groups: { [name]: { gid: id } },
  users: { [name]: { uid: id, group: name, description: 'Webapp' } },
});

/** A machine with these accounts. */
const machine = (users: string[], groups: string[]) => ({ user: (name: string) => users.includes(name), group: (name: string) => groups.includes(name) });

const me = '/var/lib/procform/profiles/processes';
const other = '/srv/app/lib/procform/profiles/processes';

/** A record of accounts procform created, each used by the deployments given (default: this one). */
const record = (users: Record<string, UserProperties>, groups: Record<string, GroupProperties>, usedBy = [me]): AccountsRecord => ({
  formatVersion: 1,
  users: Object.fromEntries(Object.entries(users).map(([name, properties]) => [name, { properties, usedBy }])),
  groups: Object.fromEntries(Object.entries(groups).map(([name, properties]) => [name, { properties, usedBy }])),
});

const nothing = { createGroups: [], createUsers: [], useGroups: [], useUsers: [], releaseUsers: [], releaseGroups: [], drift: [] };

describe('planAccounts', () => {
  it('creates the groups and users the profile declares and the machine lacks', () => {
    const plan = planAccounts({ manifest: manifest({ webapp: webapp('webapp', 2000), nginx: webapp('nginx', 2001) }), deployment: me, record: emptyAccountsRecord(), exists: machine([], []) });
    expect(plan).toEqual({
      ...nothing,
      createGroups: [
        { name: 'nginx', properties: { gid: 2001 } },
        { name: 'webapp', properties: { gid: 2000 } },
      ],
      createUsers: [
        { name: 'nginx', properties: { uid: 2001, group: 'nginx', description: 'Webapp' } },
        { name: 'webapp', properties: { uid: 2000, group: 'webapp', description: 'Webapp' } },
      ],
    });
  });

  it('uses accounts that already exist as they are, and never records or releases accounts it did not create', () => {
    const plan = planAccounts({
      manifest: manifest({ web: { groups: { www: {} }, users: { web: { group: 'www' } } } }),
      deployment: me,
      record: emptyAccountsRecord(),
      exists: machine(['web', 'olduser'], ['www', 'oldgroup']),
    });
    expect(plan).toEqual(nothing);
  });

  it('releases only what this deployment used and no longer needs, and uses what another deployment created', () => {
    const plan = planAccounts({
      manifest: manifest({ webapp1: webapp('webapp1', 2000), shared: webapp('shared', 2010) }),
      deployment: me,
      record: {
        formatVersion: 1,
        users: { ...record({ webapp1: webapp('webapp1', 2000).users.webapp1!, webapp2: { uid: 2001, group: 'webapp2' } }, {}).users, ...record({ shared: webapp('shared', 2010).users.shared!, theirs: {} }, {}, [other]).users },
        groups: { ...record({}, { webapp1: { gid: 2000 }, webapp2: { gid: 2001 } }).groups, ...record({}, { shared: { gid: 2010 } }, [other]).groups },
      },
      exists: machine(['webapp1', 'webapp2', 'shared', 'theirs'], ['webapp1', 'webapp2', 'shared']),
    });
    expect(plan).toEqual({
      ...nothing,
      useGroups: [
        { name: 'shared', properties: { gid: 2010 } },
        { name: 'webapp1', properties: { gid: 2000 } },
      ],
      useUsers: [
        { name: 'shared', properties: webapp('shared', 2010).users.shared },
        { name: 'webapp1', properties: webapp('webapp1', 2000).users.webapp1 },
      ],
      releaseUsers: ['webapp2'],
      releaseGroups: ['webapp2'],
    });
  });

  it('releases everything this deployment uses on undeploy (no profile), and nothing another one uses', () => {
    const records = record({ a: {} }, { a: {}, b: {} });
    records.users.c = { properties: {}, usedBy: [other] };
    const plan = planAccounts({ manifest: null, deployment: me, record: records, exists: machine(['a', 'c'], ['a', 'b']) });
    expect(plan).toMatchObject({ releaseUsers: ['a'], releaseGroups: ['a', 'b'] });
  });

  it('re-creates an account it had created that someone removed since', () => {
    const plan = planAccounts({
      manifest: manifest({ webapp: webapp('webapp', 2000) }),
      deployment: me,
      record: record({ webapp: webapp('webapp', 2000).users.webapp! }, { webapp: { gid: 2000 } }),
      exists: machine([], ['webapp']),
    });
    expect(plan).toMatchObject({ createGroups: [], createUsers: [{ name: 'webapp' }], useGroups: [{ name: 'webapp' }], releaseUsers: [], releaseGroups: [] });
  });

  it('reports, without applying, changed properties of accounts it created (upstream ignores them silently)', () => {
    const plan = planAccounts({
      manifest: manifest({ webapp: { groups: { webapp: { gid: 2000 } }, users: { webapp: { uid: 2005, group: 'webapp', shell: '/bin/bash' } } } }),
      deployment: me,
      record: record({ webapp: { uid: 2000, group: 'webapp', description: 'Webapp' } }, { webapp: { gid: 2000 } }),
      exists: machine(['webapp'], ['webapp']),
    });
    expect(plan.drift).toEqual([{ kind: 'user', name: 'webapp', properties: ['description', 'shell', 'uid'] }]);
  });

  it('plans nothing at all for an unprivileged deployment, not even releases', () => {
    const plan = planAccounts({ manifest: manifest({ webapp: webapp('webapp', 2000) }, true), deployment: me, record: record({ old: {} }, { old: {} }), exists: machine(['old'], ['old']) });
    expect(plan).toEqual(nothing);
  });
});
