import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellCommand } from '../../src/shell/quote.ts';
import { repoRoot, runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { runWithPrivateEtc } from './support/private-etc.ts';

const switchAccounts = join(repoRoot, 'test/credentials/fixtures/switch-accounts.mjs');

/** A privileged deployment's model: a webapp (user and group of its own, from the IDs file) and an nginx. */
function writeModel(dir: string): string {
  const model = join(dir, 'processes.ts');
  writeFileSync(
    model,
    `import { createManagedProcess, defineProcesses } from 'procform';
import { webapp } from 'procform/services';
export default defineProcesses((ctx) => ({
  'pfweb': { pkg: webapp(ctx)({ port: 5999, instanceName: 'pfweb' }) },
  'pfhome': {
    pkg: createManagedProcess({
      process: 'sleep',
      user: 'pfhome',
      credentials: {
        groups: { pfextra: { gid: 2993 } },
        users: { pfhome: { uid: 2992, group: 'pfhome', extraGroups: ['pfextra'], homeDir: ${JSON.stringify(join(dir, 'home'))}, createHomeDir: true, shell: '/bin/false', description: 'Home owner' } },
      },
    }),
  },
  'uses-existing': { pkg: createManagedProcess({ process: 'sleep', credentials: { groups: { pfhome: {} }, users: { pfold: {} } } }) },
}));
`,
  );
  writeFileSync(join(dir, 'ids.json'), JSON.stringify({ ids: { uids: { pfweb: 2990 }, gids: { pfweb: 2991 } } }));
  return model;
}

// Needs root: a mount namespace and useradd (CI and the project's machines run tests as root).
describe.skipIf(process.getuid?.() !== 0)('creating and removing accounts on switch (private /etc)', () => {
  it('creates what the profile needs, records only that, removes only that, and leaves other accounts alone', async () => {
    const dir = tempDir();
    const deployment = join(dir, 'state/lib/procform/profiles/processes');
    // A privileged build (the test runs as root): credentials with uid/gid from the IDs file.
    const build = await runCli(['build', writeModel(dir), '-P', 'none', '--state-dir', join(dir, 'state')]);
    expect(build.stderr).toBe('');
    const profile = build.stdout.trim();
    const script = [
      // Accounts someone else made: procform uses them and must never remove them.
      'groupadd --gid 2995 pfhome',
      'useradd --no-log-init --no-user-group --home-dir /nonexistent pfold',
      `node ${shellCommand([switchAccounts, deployment, profile])} > ${shellCommand([join(dir, 'deploy.json')])}`,
      `getent passwd pfweb pfhome pfold > ${shellCommand([join(dir, 'passwd-deployed')])}`,
      `getent group pfweb pfextra pfhome > ${shellCommand([join(dir, 'group-deployed')])}`,
      `id -nG pfhome > ${shellCommand([join(dir, 'pfhome-groups')])}`,
      `cp /etc/procform/accounts.json ${shellCommand([join(dir, 'accounts-deployed.json')])}`,
      `node ${shellCommand([switchAccounts, deployment, 'none'])} > ${shellCommand([join(dir, 'down.json')])}`,
      `getent passwd pfweb pfhome pfold > ${shellCommand([join(dir, 'passwd-down')])} || true`,
      `getent group pfweb pfextra pfhome > ${shellCommand([join(dir, 'group-down')])} || true`,
      `cp /etc/procform/accounts.json ${shellCommand([join(dir, 'accounts-down.json')])}`,
    ].join('\n');
    const result = await runWithPrivateEtc(script);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = (name: string) => readFileSync(join(dir, name), 'utf8');

    expect(JSON.parse(file('deploy.json'))).toMatchObject({
      createGroups: [{ name: 'pfextra' }, { name: 'pfweb', properties: { gid: 2991 } }],
      createUsers: [{ name: 'pfhome' }, { name: 'pfweb', properties: { uid: 2990, group: 'pfweb', description: 'Webapp' } }],
      useGroups: [],
      useUsers: [],
      releaseUsers: [],
      releaseGroups: [],
    });
    const passwd = file('passwd-deployed').trim().split('\n');
    expect(passwd[0]).toBe('pfweb:x:2990:2991:Webapp:/nonexistent:/bin/sh');
    expect(passwd[1]).toBe(`pfhome:x:2992:2995:Home owner:${join(dir, 'home')}:/bin/false`);
    expect(passwd[2]).toMatch(/^pfold:x:\d+:100::\/nonexistent:\/bin\/sh$/);
    expect(file('group-deployed')).toBe('pfweb:x:2991:\npfextra:x:2993:pfhome\npfhome:x:2995:\n');
    expect(file('pfhome-groups').trim()).toBe('pfhome pfextra');
    expect(statSync(join(dir, 'home')).uid).toBe(2992);
    const usedBy = [deployment];
    expect(JSON.parse(file('accounts-deployed.json'))).toEqual({
      formatVersion: 1,
      groups: { pfextra: { properties: { gid: 2993 }, usedBy }, pfweb: { properties: { gid: 2991 }, usedBy } },
      users: {
        pfhome: {
          properties: { uid: 2992, group: 'pfhome', extraGroups: ['pfextra'], homeDir: join(dir, 'home'), createHomeDir: true, shell: '/bin/false', description: 'Home owner' },
          usedBy,
        },
        pfweb: { properties: { uid: 2990, group: 'pfweb', description: 'Webapp' }, usedBy },
      },
    });

    expect(JSON.parse(file('down.json'))).toMatchObject({ createGroups: [], createUsers: [], releaseUsers: ['pfhome', 'pfweb'], releaseGroups: ['pfextra', 'pfweb'] });
    expect(file('passwd-down')).toMatch(/^pfold:x:\d+:100::\/nonexistent:\/bin\/sh\n$/);
    // Debian's userdel removed group pfhome along with user pfhome (its primary group, of the same
    // name); procform put it back because it was not procform's.
    expect(file('group-down')).toBe('pfhome:x:2995:\n');
    expect(JSON.parse(file('accounts-down.json'))).toEqual({ formatVersion: 1, groups: {}, users: {} });
    // State is never deleted: the home folder stays.
    expect(statSync(join(dir, 'home')).isDirectory()).toBe(true);
  });
});
