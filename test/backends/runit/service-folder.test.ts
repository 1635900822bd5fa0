// What the runit backend generates for an instance: a service folder runsv can use from the
// read-only store (supervise links into the runtime folder), scripts sh accepts, and what
// --explain says, following the files as overrides leave them.
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliIn } from '../../support/cli.ts';
import { tempDir } from '../../support/temp-dir.ts';

const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => {
  const db = createManagedProcess({
    name: 'db', process: '/bin/sleep', args: ['1000'], readiness: { kind: 'file', path: '/tmp/db.ready' }, stop: { signal: 'SIGINT' },
    overrides: ctx.extraParams.noCheck ? { runit: { files: { check: null } } } : {},
  });
  const web = createManagedProcess({ name: 'web', process: '/bin/sleep', args: ['1000'], dependencies: [db] });
  return { db: { pkg: db }, web: { pkg: web } };
});
`;

describe('runit service folders', () => {
  it('hold run, finish, check, control/t, down and log/run, with supervise linked into the runtime folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), model);
    const state = join(dir, 'state');
    const built = await runCliIn(state, ['build', '-P', 'runit', '--force-disable-user-change', join(dir, 'processes.ts')]);
    expect(built.code, built.stderr).toBe(0);
    const db = join(built.stdout.trim(), 'etc/sv/db');
    for (const script of ['run', 'finish', 'check', 'control/t', 'log/run']) {
      expect(lstatSync(join(db, script)).isSymbolicLink() ? lstatSync(readlinkSync(join(db, script))).mode & 0o100 : 0, script).toBe(0o100);
      const syntax = spawnSync('sh', ['-n', join(db, script)], { encoding: 'utf8' });
      expect(syntax.status, `${script}: ${syntax.stderr}`).toBe(0);
    }
    expect(readFileSync(join(db, 'down'), 'utf8')).toBe('');
    expect(readFileSync(join(db, 'control/t'), 'utf8')).toMatch(/kill -s INT "\$\(cat supervise\/pid\)"/);
    expect(readlinkSync(readlinkSync(join(db, 'supervise')))).toBe(join(state, 'run/procform-runit/supervise/db'));
    // web waits for db's readiness check when runsv restarts it: runit has no dependencies.
    expect(readFileSync(join(built.stdout.trim(), 'etc/sv/web/run'), 'utf8')).toContain('/tmp/db.ready');

    const explained = await runCliIn(state, ['build', '-P', 'runit', '--force-disable-user-change', '--explain', '--extra-params', '{"noCheck":true}', join(dir, 'processes.ts')]);
    expect(explained.code, explained.stderr).toBe(0);
    // An override that removes the check: --explain follows the files.
    expect(explained.stdout).toMatch(/^db\n(?: {2}.*\n)*? {2}readiness +dropped +the check file was removed/m);
    expect(explained.stdout).toMatch(/^ {2}stop +emulated +control\/t sends SIGINT/m);
  });
});
