import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.ts';
import type { CreatedAccounts } from '../../src/credentials/created-accounts.ts';
import { emptyCreatedAccounts } from '../../src/credentials/created-accounts.ts';
import { planAccounts } from '../../src/credentials/plan-accounts.ts';
import type { ProcessSpec } from '../../src/model/types.ts';

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

const created = (users: CreatedAccounts['users'], groups: CreatedAccounts['groups']): CreatedAccounts => ({ formatVersion: 1, users, groups });

describe('planAccounts', () => {
  it('creates the groups and users the profile declares and the machine lacks', () => {
    const plan = planAccounts({ manifest: manifest({ webapp: webapp('webapp', 2000), nginx: webapp('nginx', 2001) }), created: emptyCreatedAccounts(), exists: machine([], []) });
    expect(plan).toEqual({
      createGroups: [
        { name: 'nginx', properties: { gid: 2001 } },
        { name: 'webapp', properties: { gid: 2000 } },
      ],
      createUsers: [
        { name: 'nginx', properties: { uid: 2001, group: 'nginx', description: 'Webapp' } },
        { name: 'webapp', properties: { uid: 2000, group: 'webapp', description: 'Webapp' } },
      ],
      deleteUsers: [],
      deleteGroups: [],
      drift: [],
    });
  });

  it('uses accounts that already exist as they are, and never removes accounts it did not create', () => {
    const plan = planAccounts({
      manifest: manifest({ web: { groups: { www: {} }, users: { web: { group: 'www' } } } }),
      created: emptyCreatedAccounts(),
      exists: machine(['web', 'olduser'], ['www', 'oldgroup']),
    });
    expect(plan).toEqual({ createGroups: [], createUsers: [], deleteUsers: [], deleteGroups: [], drift: [] });
  });

  it('removes only what it created and the new profile no longer needs, and keeps what is still needed', () => {
    const plan = planAccounts({
      manifest: manifest({ webapp1: webapp('webapp1', 2000) }),
      created: created({ webapp1: webapp('webapp1', 2000).users.webapp1!, webapp2: { uid: 2001, group: 'webapp2' } }, { webapp1: { gid: 2000 }, webapp2: { gid: 2001 } }),
      exists: machine(['webapp1', 'webapp2'], ['webapp1', 'webapp2']),
    });
    expect(plan).toMatchObject({ createGroups: [], createUsers: [], deleteUsers: ['webapp2'], deleteGroups: ['webapp2'], drift: [] });
  });

  it('removes everything it created on undeploy (no profile)', () => {
    const plan = planAccounts({ manifest: null, created: created({ a: {} }, { a: {}, b: {} }), exists: machine(['a'], ['a', 'b']) });
    expect(plan).toMatchObject({ deleteUsers: ['a'], deleteGroups: ['a', 'b'] });
  });

  it('re-creates an account it had created that someone removed since', () => {
    const plan = planAccounts({ manifest: manifest({ webapp: webapp('webapp', 2000) }), created: created({ webapp: webapp('webapp', 2000).users.webapp! }, { webapp: { gid: 2000 } }), exists: machine([], ['webapp']) });
    expect(plan).toMatchObject({ createGroups: [], createUsers: [{ name: 'webapp' }], deleteUsers: [], deleteGroups: [] });
  });

  it('reports, without applying, changed properties of accounts it created (upstream ignores them silently)', () => {
    const plan = planAccounts({
      manifest: manifest({ webapp: { groups: { webapp: { gid: 2000 } }, users: { webapp: { uid: 2005, group: 'webapp', shell: '/bin/bash' } } } }),
      created: created({ webapp: { uid: 2000, group: 'webapp', description: 'Webapp' } }, { webapp: { gid: 2000 } }),
      exists: machine(['webapp'], ['webapp']),
    });
    expect(plan).toEqual({
      createGroups: [],
      createUsers: [],
      deleteUsers: [],
      deleteGroups: [],
      drift: [{ kind: 'user', name: 'webapp', properties: ['description', 'shell', 'uid'] }],
    });
  });

  it('plans nothing at all for an unprivileged deployment, not even removals', () => {
    const plan = planAccounts({ manifest: manifest({ webapp: webapp('webapp', 2000) }, true), created: created({ old: {} }, { old: {} }), exists: machine(['old'], ['old']) });
    expect(plan).toEqual({ createGroups: [], createUsers: [], deleteUsers: [], deleteGroups: [], drift: [] });
  });
});
