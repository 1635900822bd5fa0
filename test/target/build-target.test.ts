import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../src/build/build-profile.ts';
import { rootTarget } from '../../src/target/root-target.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

// A root folder laid out unlike this machine: its programs in other folders (sleep in
// /usr/local/bin, where this machine has none; a daemon this machine lacks), Node in
// /usr/local/bin, /sbin an absolute link that must resolve inside the root, and its own accounts.
function makeRoot(): string {
  const root = tempDir();
  const script = (path: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '#!/bin/sh\nexit 0\n');
    chmodSync(join(root, path), 0o755);
  };
  script('usr/local/bin/sleep');
  script('usr/local/bin/node');
  script('usr/sbin/procform-test-daemon');
  // What sysvinit's init functions run.
  for (const tool of ['sbin/start-stop-daemon', 'bin/rm', 'bin/mkdir', 'bin/tail', 'bin/wc']) script(`usr/${tool}`);
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  symlinkSync('usr/bin', join(root, 'bin'));
  symlinkSync('/usr/sbin', join(root, 'sbin'));
  mkdirSync(join(root, 'etc'));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nimageuser:x:4242:4343::/home/imageuser:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nimagegroup:x:4343:imageuser\n');
  return root;
}

// b waits for a's readiness and timestamps its output: every backend that runs procform's scripts for
// that (supervisord's wrapper, sysvinit's init functions and daemonizer, systemd's ExecStartPost) must
// name the target's Node and procform.
const model = `
import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => {
  const a = createManagedProcess({ name: 'a', foregroundProcess: 'sleep', args: ['1000'], readiness: { kind: 'tcp', port: 4999 } });
  return {
    a: { pkg: a },
    b: { pkg: createManagedProcess({ name: 'b', foregroundProcess: 'procform-test-daemon', dependencies: [a], log: { timestamps: true } }) },
    who: { pkg: createManagedProcess({ name: 'who', foregroundProcess: 'sleep', args: [ctx.callingUser, String(ctx.target.users().length)] }) },
  };
});
`;

/** Every file of a built profile's store entries, as one text. */
function profileText(storeDir: string): string {
  const texts: string[] = [];
  const walk = (path: string) => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info?.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else if (info?.isFile()) texts.push(readFileSync(path, 'utf8'));
  };
  walk(storeDir);
  return texts.join('\n');
}

describe('a build for a root folder names the root\'s paths, not this machine\'s', () => {
  for (const processManager of ['builtin', 'supervisord', 'sysvinit', 'systemd', 'none']) {
    it(`-P ${processManager}`, async () => {
      const root = makeRoot();
      const dir = tempDir();
      writeFileSync(join(dir, 'processes.ts'), model);
      const built = await runCli([
        'build', join(dir, 'processes.ts'), '-P', processManager, '--state-dir', join(dir, 'state'),
        '--target-root', root, '--target-procform', '/opt/procform',
      ]);
      expect(built.stderr).toBe('');
      expect(built.code).toBe(0);
      const text = profileText(join(dir, 'state/lib/procform/store'));
      expect(text).toContain('/usr/local/bin/sleep');
      expect(text).toContain('/usr/sbin/procform-test-daemon');
      expect(text).not.toContain('/usr/bin/sleep');
      expect(text).not.toContain(process.execPath);
      if (processManager !== 'builtin' && processManager !== 'none') {
        expect(text).toContain('/usr/local/bin/node');
        expect(text).toContain('/opt/procform/dist/src/');
      }
    });
  }

  it('a program the root lacks fails the build, naming the root, even when this machine has it', async () => {
    const root = makeRoot();
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({ a: { pkg: createManagedProcess({ foregroundProcess: 'sh', args: [] }) } }));`);
    const built = await runCli(['build', join(dir, 'processes.ts'), '-P', 'none', '--state-dir', join(dir, 'state'), '--target-root', root]);
    expect(built.code).toBe(1);
    expect(built.stderr).toContain(`executable "sh" was not found on PATH on the root folder ${root}`);
  });

  it('a backend that runs procform\'s scripts asks for procform\'s folder in the root', async () => {
    const root = makeRoot();
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), model);
    const built = await runCli(['build', join(dir, 'processes.ts'), '-P', 'sysvinit', '--state-dir', join(dir, 'state'), '--target-root', root]);
    expect(built.code).toBe(1);
    expect(built.stderr).toContain(`the build needs procform's runtime inside the root folder ${root}`);
    expect(built.stderr).toContain('--target-procform');
  });

  it('from code: the context offers the root\'s accounts, and its caller defaults to root', async () => {
    const root = makeRoot();
    const dir = tempDir();
    writeFileSync(join(dir, 'processes.ts'), model);
    const target = rootTarget({ root, procform: '/opt/procform' });
    expect(target.users().map((user) => user.name)).toEqual(['root', 'imageuser']);
    expect(target.groups().find((group) => group.name === 'imagegroup')).toEqual({ name: 'imagegroup', gid: 4343, members: ['imageuser'] });
    const profile = await buildProfile({ modelFile: join(dir, 'processes.ts'), processManager: 'none', dirs: { stateDir: join(dir, 'state') }, target });
    expect(JSON.stringify(profile.manifest.instances.who!.spec)).toContain('"root","2"');
  });
});

describe('describe-machine and build --target', () => {
  it('builds for a described machine with its Node, procform and programs', async () => {
    const described = await runCli(['describe-machine', '--json']);
    expect(described.code).toBe(0);
    const description = JSON.parse(described.stdout);
    expect(description.node).toBe(process.execPath);
    // Also what capture-infra reports of a machine: machine-info takes these from the description.
    expect(description).toMatchObject({ system: 'x86_64-linux', nodeVersion: process.version, procformVersion: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(description.executables['/usr/bin']).toContain('busybox');
    const dir = tempDir();
    description.node = '/opt/other/bin/node';
    description.procform = '/opt/other/procform';
    description.path = ['/opt/tools'];
    description.executables['/opt/tools'] = ['sleep', 'procform-test-daemon'];
    writeFileSync(join(dir, 'machine.json'), JSON.stringify(description));
    writeFileSync(join(dir, 'processes.ts'), model);
    const built = await runCli(['build', join(dir, 'processes.ts'), '-P', 'supervisord', '--state-dir', join(dir, 'state'), '--target', join(dir, 'machine.json')]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const text = profileText(join(dir, 'state/lib/procform/store'));
    expect(text).toContain('/opt/tools/sleep');
    expect(text).toContain('/opt/tools/procform-test-daemon');
    expect(text).toContain('/opt/other/bin/node');
    expect(text).toContain('/opt/other/procform/dist/src/');
  });

  it('a damaged description is an error naming the file, with exit code 65', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'machine.json'), JSON.stringify({ formatVersion: 1, node: 'node' }));
    writeFileSync(join(dir, 'processes.ts'), model);
    const built = await runCli(['build', join(dir, 'processes.ts'), '-P', 'none', '--state-dir', join(dir, 'state'), '--target', join(dir, 'machine.json')]);
    expect(built.code).toBe(65);
    expect(built.stderr).toContain(`${join(dir, 'machine.json')}: the machine description is damaged`);
  });
});
