import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { createSandbox, SandboxCommandError } from '../../src/sandbox/index.ts';
import { procformBind } from '../../src/sandbox/procform-bind.ts';
import { cliPath } from '../support/cli.ts';
import { eventually } from '../support/eventually.ts';
import { freePort } from '../support/free-port.ts';
import { tempDir } from '../support/temp-dir.ts';
import { collectOutput } from './wait-for-output.ts';

const isRoot = process.getuid?.() === 0;

// Sandboxes need root (namespaces, cgroups); CI runs as root.
describe.skipIf(!isRoot)('a sandbox (privileged profile, no init)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ profile: 'privileged', name: 'isolation' });
  });
  afterAll(() => sandbox?.destroy());

  it('has a PID 1 of its own, which reaps orphans', async () => {
    expect(readFileSync(`/proc/${sandbox.pid}/status`, 'utf8')).toMatch(/^NSpid:\s+\d+\s+1$/m);
    expect(await sandbox.succeed('cat /proc/1/cmdline | tr "\\0" " "')).toBe('procform-init /run/procform-sandbox/init ');
    // The sleeps lose their parent at once and end 0.2 s later: PID 1 must reap them, or they
    // stay as zombies (`Z sleep`) for ever.
    await sandbox.succeed('for i in 1 2 3; do (sleep 0.2 &); done');
    await eventually(async () => (await sandbox.succeed('ps -eo stat=,comm= | grep sleep || true')) === '', 10_000, 'the sleeps to end and be reaped');
  });

  it('has loopback and no other network interface', async () => {
    expect((await sandbox.succeed('ls /sys/class/net')).split('\n').filter(Boolean)).toEqual(['lo']);
    expect(await sandbox.succeed('ip -o link show lo')).toContain('UP');
  });

  it('has its own hostname', async () => {
    expect((await sandbox.succeed('hostname')).trim()).toBe(sandbox.id);
    expect(sandbox.id).not.toBe(hostname());
    expect(hostname()).not.toContain(sandbox.id);
  });

  it('keeps accounts created inside away from the host', async () => {
    const name = `pf${sandbox.id.slice(-8)}`;
    await sandbox.succeed(['groupadd', `${name}g`]);
    await sandbox.succeed(['useradd', '--no-create-home', '--gid', `${name}g`, name]);
    expect(await sandbox.succeed(['getent', 'passwd', name])).toContain(`${name}:`);
    expect(readFileSync('/etc/passwd', 'utf8')).not.toContain(`${name}:`);
    expect(readFileSync('/etc/group', 'utf8')).not.toContain(`${name}g:`);
  });

  it('starts with empty /tmp, /home and /root, not the host\'s', async () => {
    writeFileSync(join(tempDir(), 'host-file'), 'x');
    // Only the way to this procform checkout, when it lies in one of them (a clone in /root, say).
    const checkout = procformBind()?.target;
    for (const folder of ['/tmp', '/home', '/root', '/var/tmp']) {
      const expected = checkout?.startsWith(`${folder}/`) ? [checkout.slice(folder.length + 1).split('/')[0]] : [];
      expect((await sandbox.succeed(['ls', '-A', folder])).split('\n').filter(Boolean), folder).toEqual(expected);
    }
  });

  it('keeps files written to /etc, /var, /tmp and /run away from the host', async () => {
    const paths = ['/etc', '/var/lib', '/tmp', '/run', '/var/tmp', '/root'].map((folder) => `${folder}/procform-probe-${sandbox.id}`);
    await sandbox.succeed(['touch', ...paths]);
    expect(await sandbox.succeed(['ls', ...paths])).toBe(`${[...paths].sort().join('\n')}\n`);
    for (const path of paths) expect(existsSync(path)).toBe(false);
    await sandbox.succeed(['rm', ...paths]);
  });

  it('runs the host\'s programs and the procform checkout', async () => {
    expect(await sandbox.succeed('node --version')).toBe(`${process.version}\n`);
    expect((await sandbox.exec('nginx -v')).stderr).toContain('nginx version');
    expect(await sandbox.succeed('supervisord --version')).toMatch(/^\d+\.\d+/);
    expect(await sandbox.succeed(['node', cliPath, '--help'])).toContain('procform');
  });

  it('runs commands as root with a login environment, in its home', async () => {
    const output = await sandbox.succeed('id -u; pwd; echo "$HOME $USER $LOGNAME"; echo "$PATH"; env | grep -c VITEST || true');
    expect(output.split('\n')).toEqual(['0', '/root', '/root root root', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', '0', '']);
  });

  it('passes arguments, environment, input and working folder byte for byte', async () => {
    const args = ['a b', "it's", '$HOME', '`x`', '%d', 'line\nbreak', 'ünï', ''];
    expect(await sandbox.succeed(['printf', '%s|', ...args])).toBe(`${args.join('|')}|`);
    const value = 'sp ace "q" $x `y` \\ \n ü';
    expect(await sandbox.succeed('printf %s "$V"', { env: { V: value } })).toBe(value);
    expect(await sandbox.succeed('cat; pwd', { input: 'in\nput', cwd: '/etc' })).toBe('in\nput/etc\n');
  });

  it('reports exit codes and throws SandboxCommandError from succeed', async () => {
    expect(await sandbox.exec('echo out; echo err >&2; exit 3')).toEqual({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    const error = await sandbox.succeed('no-such-command-here').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxCommandError);
    expect((error as Error).message).toContain('exited 127: command not found');
  });

  // Without the kill, these would run past the test's own deadline.
  it('kills a command that outlives its timeout, with what it started', async () => {
    const result = await sandbox.exec('sleep 3600 & sleep 3600', { timeoutMs: 300 });
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(await sandbox.succeed('pgrep -c sleep || true')).toBe('0\n');
  });

  it('does not wait for background processes that keep the output open', async () => {
    const pid = (await sandbox.succeed('sleep 3600 & echo $!')).trim();
    await sandbox.succeed(['kill', pid]);
  });

  it('spawns a long-running command and signals the command, not nsenter', async () => {
    const child = sandbox.spawn(['bash', '-c', 'trap "echo stopping; exit 7" TERM; echo up; while :; do sleep 0.05; done']);
    const output = collectOutput(child);
    await output.until('up');
    expect(await child.kill('SIGTERM')).toBe(true);
    expect(await child.exited).toEqual({ code: 7, signal: null });
    expect(output.text()).toBe('up\nstopping\n');
    expect(await child.kill()).toBe(false);
  });

  it('shares bound host folders, read-only when asked', async () => {
    const shared = tempDir();
    const frozen = tempDir();
    writeFileSync(join(frozen, 'data'), 'host');
    const withBinds = await createSandbox({
      profile: 'privileged',
      binds: [{ source: shared, target: '/srv/shared' }, { source: frozen, readOnly: true }],
    });
    try {
      await withBinds.succeed('echo from-inside > /srv/shared/file');
      expect(readFileSync(join(shared, 'file'), 'utf8')).toBe('from-inside\n');
      expect(await withBinds.succeed(['cat', join(frozen, 'data')])).toBe('host');
      expect((await withBinds.exec(['touch', join(frozen, 'new')])).stderr).toContain('Read-only file system');
    } finally {
      await withBinds.destroy();
    }
  });

  it('does not share ports with the host', async () => {
    const port = await freePort();
    const child = sandbox.spawn(['node', '-e', `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`]);
    await collectOutput(child).until('listening');
    // The same port is still free on the host's loopback.
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
    await child.kill('SIGKILL');
    await child.exited;
  });
});

describe.skipIf(!isRoot)('a sandbox with the unprivileged profile', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ profile: 'unprivileged', name: 'unpriv' });
  });
  afterAll(() => sandbox?.destroy());

  it('has the user unprivileged, which commands run as by default, in its home', async () => {
    expect(sandbox.account).toMatchObject({ name: 'unprivileged', home: '/home/unprivileged' });
    expect(sandbox.account!.uid).toBeGreaterThan(0);
    const output = await sandbox.succeed('id -un; id -u; pwd; echo "$HOME $USER $XDG_RUNTIME_DIR"; touch ~/file && echo writable');
    expect(output.split('\n')).toEqual([
      'unprivileged',
      String(sandbox.account!.uid),
      '/home/unprivileged',
      `/home/unprivileged unprivileged /run/user/${sandbox.account!.uid}`,
      'writable',
      '',
    ]);
    expect(await sandbox.succeed('id -u', { user: 'root' })).toBe('0\n');
    expect(readFileSync('/etc/passwd', 'utf8')).not.toMatch(/^unprivileged:/m);
  });

  it('cannot see or signal the host\'s processes, nor act as root', async () => {
    const processes = await sandbox.succeed('ps -eo pid=,comm=');
    expect(processes).not.toMatch(/node|vitest/);
    expect(processes.trim().split('\n').length).toBeLessThan(6);
    expect((await sandbox.exec(`kill -0 ${process.pid}`)).code).not.toBe(0);
    expect((await sandbox.exec('touch /etc/nope')).code).not.toBe(0);
    expect(await sandbox.succeed('grep CapEff /proc/self/status')).toContain('0000000000000000');
  });
});
