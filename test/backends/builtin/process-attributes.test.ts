import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { testDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

const fixture = new URL('./fixtures/print-process.mjs', import.meta.url).pathname;
const awkward = [
  'two words',
  `single ' and double " quotes`,
  '$HOME and ${PATH} and $(id)',
  '`backticks`',
  '100% %s %n',
  'back\\slash \\n not a newline',
  'a real\nnewline',
  'unicode: héllo — 日本語 🚀',
  '',
  '-n',
];

const received = (file: string) =>
  eventually(() => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined), 10_000, file);

describe('builtin: what reaches the process', () => {
  it('passes arguments and environment values byte for byte', async () => {
    const deployment = testDeployment();
    const out = join(deployment.outDir, 'received.json');
    const environment = Object.fromEntries(awkward.map((value, index) => [`VALUE_${index}`, value]));
    await deployment.deploy(() => ({
      printer: { pkg: createManagedProcess({ process: process.execPath, args: [fixture, ...awkward], environment: { ...environment, OUT_FILE: out } }) },
    }));
    const { argv, env } = (await received(out)) as { argv: string[]; env: Record<string, string> };
    expect(argv).toEqual(awkward);
    for (const [name, value] of Object.entries(environment)) expect(env[name]).toBe(value);
    // A clean environment: the model's variables, PATH, and a few locale and identity ones only.
    expect(Object.keys(env).filter((name) => !name.startsWith('VALUE_')).sort()).toEqual(
      ['OUT_FILE', 'PATH', ...['HOME', 'LANG', 'LC_ALL', 'TZ', 'USER', 'LOGNAME'].filter((name) => process.env[name] !== undefined)].sort(),
    );
    expect(env.PATH).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  });

  it('applies the directory, umask, nice, PATH folders, and runs initialize first', async () => {
    const deployment = testDeployment();
    const out = join(deployment.outDir, 'received.json');
    const workdir = join(deployment.outDir, 'work dir');
    mkdirSync(workdir);
    await deployment.deploy(() => ({
      printer: {
        pkg: createManagedProcess({
          process: process.execPath,
          args: [fixture],
          environment: { OUT_FILE: out },
          directory: workdir,
          umask: '0027',
          nice: 5,
          path: ['/opt/tools/bin'],
          initialize: `echo initialized > "${workdir}/init"; touch "${workdir}/made-by-init"`,
        }),
      },
    }));
    const { cwd, umask, nice, env } = (await received(out)) as { cwd: string; umask: string; nice: number; env: Record<string, string> };
    expect(cwd).toBe(workdir);
    expect(umask).toBe('0027');
    expect(nice).toBe(5);
    expect(env.PATH!.startsWith('/opt/tools/bin:')).toBe(true);
    expect(readFileSync(join(workdir, 'init'), 'utf8')).toBe('initialized\n');
    // initialize ran with the umask too: 0666 & ~0027.
    expect((execFileSync('stat', ['-c', '%a', join(workdir, 'made-by-init')], { encoding: 'utf8' })).trim()).toBe('640');
  });

  it('fails an instance whose initialize fails, with its output and status', async () => {
    const deployment = testDeployment();
    await expect(
      deployment.deploy(() => ({
        broken: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1000], initialize: 'echo preparing; false; echo never', restart: 'no' }) },
      })),
    ).rejects.toThrow(/instance "broken" failed: exited 1; restart policy is 'no'\nlast lines of .*\n {2}preparing\n {2}\[procform\] initialize failed with status 1/);
    const status = await eventually(async () => {
      const current = await deployment.statusOf('broken');
      return current.state === 'failed' ? current : undefined;
    });
    expect(status.reason).toMatch(/^exited 1; restart policy is 'no'\nlast lines of .*\n {2}preparing\n {2}\[procform\] initialize failed with status 1$/);
  });

  it('reports a missing directory as the reason', async () => {
    const deployment = testDeployment();
    const error = await deployment
      .deploy(() => ({ lost: { pkg: createManagedProcess({ process: '/bin/sleep', args: [1000], directory: '/nonexistent/folder' }) } }))
      .catch((thrown: Error) => thrown);
    expect(error).toMatchObject({ instance: 'lost', message: 'instance "lost" failed: could not start: its directory /nonexistent/folder does not exist' });
    expect(await deployment.statusOf('lost')).toMatchObject({ state: 'failed', reason: 'could not start: its directory /nonexistent/folder does not exist' });
  });
});
