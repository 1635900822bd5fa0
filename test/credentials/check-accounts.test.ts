import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.ts';
import { createManagedProcess } from '../../src/model/create-managed-process.ts';
import type { Credentials, ManagedProcessParams } from '../../src/model/types.ts';
import { evaluateInline } from '../support/evaluate.ts';

const sleeper = (params: ManagedProcessParams = {}) => createManagedProcess({ process: 'sleep', args: [60], ...params });

/** The problems a build reports for these instances, or [] when it accepts them. */
async function problems(instances: Record<string, ManagedProcessParams>, forceDisableUserChange = false): Promise<string[]> {
  try {
    await evaluateInline(() => Object.fromEntries(Object.entries(instances).map(([key, params]) => [key, { pkg: sleeper(params) }])), { forceDisableUserChange });
    return [];
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    return error.problems.map(({ instance, field, message }) => `${instance} ${field}: ${message}`);
  }
}

/** What a webapp-like constructor declares for instanceName: a group and a user of that name. */
const own = (name: string): Credentials => ({ groups: { [name]: {} }, users: { [name]: { group: name, description: 'Webapp' } } });

describe('account conflicts fail the build', () => {
  it('accepts instances with accounts of their own, a shared group declared alike, and a shared account nobody declares', async () => {
    expect(
      await problems({
        web1: { user: 'web1', credentials: { ...own('web1'), groups: { web1: {}, www: { gid: 3000 } } } },
        web2: { user: 'web2', credentials: { ...own('web2'), groups: { web2: {}, www: { gid: 3000 } } } },
        a: { user: 'nobody' },
        b: { user: 'nobody' },
      }),
    ).toEqual([]);
  });

  it('rejects two instances of one constructor that share an account (the same user declared twice)', async () => {
    expect(await problems({ web1: { user: 'webapp', credentials: own('webapp') }, web2: { user: 'webapp', credentials: own('webapp') } })).toEqual([
      'web2 pkg.credentials.users.webapp: declares user "webapp", like instance "web1"; a user procform creates belongs to one instance: derive its name from instanceName',
      'web2 pkg.user: runs as user "webapp", which instance "web1" declares; a user procform creates serves one instance (share a group instead)',
    ]);
  });

  it('rejects running as a user another instance declares, also when user change is disabled', async () => {
    const model = { db: { user: 'postgres', credentials: own('postgres') }, backup: { user: 'postgres' } };
    const expected = ['backup pkg.user: runs as user "postgres", which instance "db" declares; a user procform creates serves one instance (share a group instead)'];
    expect(await problems(model)).toEqual(expected);
    expect(await problems(model, true)).toEqual(expected);
  });

  it('rejects a group declared with different properties, and two accounts with one ID', async () => {
    expect(
      await problems({
        a: { credentials: { groups: { shared: { gid: 3000 } }, users: { a: { uid: 4000 } } } },
        b: { credentials: { groups: { shared: { gid: 3001 } }, users: { b: { uid: 4000 } } } },
      }),
    ).toEqual([
      'b pkg.credentials.groups.shared.gid: declares group "shared" unlike instance "a"; a shared group must be declared alike by every instance',
      'b pkg.credentials.users.b.uid: user "b" has uid 4000, like user "a" of instance "a"; give each user its own uid',
    ]);
  });

  it('rejects unknown and malformed account properties before useradd would', async () => {
    expect(
      await problems({
        a: {
          credentials: {
            groups: { a: { gid: 1, members: ['x'] } },
            users: { a: { shell: 'bash', description: 'a:b', extraGroups: ['ok', 'not ok'], createHomeDir: true, password: 'x' } },
          },
        },
      }),
    ).toEqual([
      'a pkg.credentials.groups.a.members: is not a known property; known ones are gid',
      'a pkg.credentials.users.a.password: is not a known property; known ones are uid, group, extraGroups, description, homeDir, createHomeDir, shell',
      'a pkg.credentials.users.a.description: must be a string without ":" or line breaks',
      'a pkg.credentials.users.a.shell: must be an absolute path, such as /bin/sh or /usr/sbin/nologin',
      'a pkg.credentials.users.a.extraGroups: must be a list of group names',
      'a pkg.credentials.users.a.createHomeDir: needs a homeDir to create',
    ]);
  });
});
