import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.ts';
import { shellCommand } from '../../src/shell/quote.ts';
import { cliPath, repoRoot } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { runWithPrivateEtc } from './support/private-etc.ts';

const ACCOUNT_COMMANDS = ['useradd', 'groupadd', 'userdel', 'groupdel', 'usermod', 'groupmod', 'chown', 'chgrp'];

// Needs root to make the throw-away user (CI and the project's machines run tests as root).
describe.skipIf(process.getuid?.() !== 0)('an unprivileged deployment (a throw-away user, private /etc)', () => {
  it('creates no account and changes no owner: init-state, build and the account steps of a switch', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    cpSync(join(repoRoot, 'examples/webapps'), join(dir, 'model'), { recursive: true });
    // Recording stand-ins, first on PATH: any account or ownership command the deployment runs shows up in calls.log.
    const shims = join(dir, 'shims');
    mkdirSync(shims);
    for (const command of ACCOUNT_COMMANDS) {
      writeFileSync(join(shims, command), `#!/bin/sh\necho "${command} $*" >> ${shellCommand([join(dir, 'calls.log')])}\nexit 1\n`, { mode: 0o755 });
    }
    writeFileSync(join(dir, 'calls.log'), '', { mode: 0o666 });
    chmodSync(join(dir, 'calls.log'), 0o666);
    const work = join(dir, 'work');
    const state = join(work, 'state');
    const asUser = [
      `node ${shellCommand([cliPath, 'init-state', '--state-dir', state])} > ${shellCommand([join(work, 'init-state.out')])}`,
      `node ${shellCommand([cliPath, 'build', join(dir, 'model/processes.ts'), '-P', 'none', '--state-dir', state, '--out', join(work, 'profile')])} > /dev/null`,
      `node ${shellCommand([join(repoRoot, 'test/credentials/fixtures/switch-accounts.mjs'), join(state, 'lib/procform/profiles/processes'), join(work, 'profile')])} > ${shellCommand([join(work, 'plan.json')])}`,
    ].join('\n');
    const script = [
      `useradd --no-log-init --no-user-group --home-dir ${shellCommand([work])} pfunpriv`,
      `mkdir ${shellCommand([work])} && chown pfunpriv ${shellCommand([work])}`,
      // The stand-ins come after the real chown above: only the unprivileged part runs with them.
      `runuser -u pfunpriv -- env PATH=${shellCommand([`${shims}:${process.env.PATH}`])} HOME=${shellCommand([work])} sh -ec ${shellCommand([asUser])}`,
      `id -u pfunpriv > ${shellCommand([join(dir, 'uid')])}`,
    ].join('\n');
    const result = await runWithPrivateEtc(script);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    expect(readFileSync(join(dir, 'calls.log'), 'utf8')).toBe('');
    const uid = Number(readFileSync(join(dir, 'uid'), 'utf8'));
    const created = readFileSync(join(work, 'init-state.out'), 'utf8').trim().split('\n');
    expect(created).toEqual(['stateDir', 'tmp', 'run', 'log', 'cache', 'spool', 'lock', 'lib'].map((name) => `created ${name === 'stateDir' ? state : join(state, name)}`));
    for (const line of created) {
      const info = statSync(line.replace('created ', ''));
      expect(info.uid).toBe(uid);
      expect(info.mode & 0o7777).toBe(0o755); // tmpDir too: 1777 only for privileged deployments
    }
    const manifest = JSON.parse(readFileSync(join(work, 'profile/manifest.json'), 'utf8')) as Manifest;
    expect(manifest.forceDisableUserChange).toBe(true);
    for (const { spec } of Object.values(manifest.instances)) {
      expect(spec).toMatchObject({ user: null, credentials: { groups: {}, users: {} } });
    }
    expect(JSON.parse(readFileSync(join(work, 'plan.json'), 'utf8'))).toEqual({ createGroups: [], createUsers: [], useGroups: [], useUsers: [], releaseUsers: [], releaseGroups: [], drift: [] });
    expect(existsSync(join(state, 'lib/procform/accounts.json'))).toBe(false);
  });
});
