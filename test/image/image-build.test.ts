// `procform image build`: bad input is refused before anything is written; the same model gives the
// same bytes; and every process manager that runs in an image deploys the webapps model inside a
// container of a private dockerd, answers HTTP, reaps orphans and stops cleanly on `docker stop`.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { imageManagers } from '../../src/image/image-managers.ts';
import { cliPath, expectSuccess, repoRoot, runCli } from '../support/cli.ts';
import { eventually } from '../support/eventually.ts';
import { usePrivateDockerd } from '../support/docker-suite.ts';
import { hasDocker } from '../support/private-dockerd.ts';
import { tempDir } from '../support/temp-dir.ts';

const webapps = join(repoRoot, 'examples/webapps/processes.ts');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function buildImage(args: string[]) {
  return runCli(['image', 'build', ...args], { timeoutMs: 180_000 });
}

describe('procform image build: bad input writes nothing', () => {
  it('refuses a manager that cannot run in an image, listing those that can', async () => {
    const dir = tempDir();
    const result = await buildImage([webapps, '-P', 'systemd', '-o', join(dir, 'image.tar')]);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('the process manager "systemd" needs systemd as PID 1');
    expect(result.stderr).toContain(`Process managers that run in an image: ${imageManagers().join(', ')}.`);
    expect(imageManagers()).toEqual(expect.arrayContaining(['builtin', 'supervisord', 'sysvinit', 's6-rc', 'runit', 'disnix']));
    expect(imageManagers()).not.toContain('openrc');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses openrc (it needs mount namespaces), docker (it runs containers), launchd and a misspelled manager the same way', async () => {
    const dir = tempDir();
    const openrc = await buildImage([webapps, '-P', 'openrc', '-o', join(dir, 'image.tar')]);
    expect(openrc.code).toBe(64);
    expect(openrc.stderr).toContain('cannot run in a container image: it runs every rc-service in a mount namespace of its own');
    const docker = await buildImage([webapps, '-P', 'docker', '-o', join(dir, 'image.tar')]);
    expect(docker.code).toBe(64);
    expect(docker.stderr).toContain('cannot run in a container image: it runs each instance as a container of its own on a docker host');
    for (const manager of ['launchd', 'supervisor']) {
      const result = await buildImage([webapps, '-P', manager, '-o', join(dir, 'image.tar')]);
      expect(result.code, result.stderr).toBe(64);
      expect(result.stderr).toContain('Process managers that run in an image: builtin');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names a program the model needs that the build host lacks', async () => {
    const dir = tempDir();
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  needsProgram: { pkg: createManagedProcess({ foregroundProcess: { kind: 'executable', name: 'procform-no-such-program', install: 'apt-get install procform-no-such-package' } }) },
}));
`,
    );
    const result = await buildImage([model, '-o', join(dir, 'image.tar')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"procform-no-such-program" was not found');
    expect(result.stderr).toContain('apt-get install procform-no-such-package');
    expect(readdirSync(dir)).toEqual(['processes.ts']);
  });

  it('refuses --out in a folder that does not exist, and a bad --format, before building', async () => {
    const dir = tempDir();
    const missing = await buildImage([webapps, '-o', join(dir, 'no-such-folder', 'image.tar')]);
    expect(missing.code).toBe(73);
    expect(missing.stderr).toContain('is not a folder');
    const format = await buildImage([webapps, '--format', 'zip', '-o', join(dir, 'image.tar')]);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('--format "zip" is not an image format');
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** The files of an image's one layer, with the text of the small ones asked for. */
function layerOf(archive: string, texts: readonly string[] = []): { paths: string[]; text: Record<string, string> } {
  const manifest = JSON.parse(execFileSync('tar', ['-xOf', archive, 'manifest.json'], { encoding: 'utf8' })) as { Layers: string[] }[];
  const layer = execFileSync('tar', ['-xOf', archive, manifest[0]!.Layers[0]!], { maxBuffer: 1 << 30 });
  const paths = execFileSync('tar', ['-t'], { input: layer, encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n').filter(Boolean);
  const text = Object.fromEntries(texts.map((path) => [path, execFileSync('tar', ['-xO', path], { input: layer, encoding: 'utf8' })]));
  return { paths, text };
}

describe('procform image build: what is in the image', () => {
  it('the closure and no more: programs, libraries, procform at /usr/lib/procform, no build-host path, no docs; the model\'s accounts unless --unprivileged', async () => {
    const dir = tempDir();
    const privileged = join(dir, 'privileged.tar');
    const unprivileged = join(dir, 'unprivileged.tar');
    expectSuccess(await buildImage([webapps, '-P', 'supervisord', '-o', privileged]), ['image', 'build']);
    expectSuccess(await buildImage([webapps, '-P', 'supervisord', '--unprivileged', '-o', unprivileged]), ['image', 'build']);

    const image = layerOf(privileged, ['etc/passwd', 'etc/group']);
    expect(image.paths).toEqual(
      expect.arrayContaining([
        'usr/sbin/nginx',
        'usr/bin/supervisord',
        'usr/bin/tini-static',
        'usr/lib/procform/dist/src/cli/main.js',
        'usr/lib/procform/node_modules/zod/package.json',
        'usr/local/bin/procform',
        'bin',
        'tmp',
      ]),
    );
    // Python for supervisord, from its Debian packages; libraries found by ldd.
    expect(image.paths.some((path) => /^usr\/lib\/python3\.\d+\/subprocess\.py$/.test(path))).toBe(true);
    expect(image.paths.some((path) => /^usr\/lib\/x86_64-linux-gnu\/libpcre2-8\.so/.test(path) || /^usr\/lib\/.*\/libpcre2-8\.so/.test(path))).toBe(true);
    expect(image.paths.filter((path) => path.startsWith('usr/share/doc/') || path.startsWith('usr/share/man/'))).toEqual([]);
    expect(image.paths.filter((path) => path.startsWith(repoRoot.slice(1)))).toEqual([]);
    expect(image.paths.filter((path) => path.includes('node_modules/vitest') || path.includes('node_modules/typescript'))).toEqual([]);
    expect(image.paths).not.toContain('usr/bin/bash');
    expect(image.text['etc/passwd']).toMatch(/^webapp:x:2000:2000:/m);
    expect(image.text['etc/passwd']).toMatch(/^nginx:x:2001:2001:/m);
    expect(image.text['etc/group']).toMatch(/^webapp:x:2000:/m);

    const bare = layerOf(unprivileged, ['etc/passwd']);
    expect(bare.text['etc/passwd']!.split('\n').filter(Boolean).map((line) => line.split(':')[0])).toEqual(['root', 'nobody']);
  }, 240_000);

  it('/bin/sh is there even when no file of the model names it: the builtin supervisor launches by that path', async () => {
    const dir = tempDir();
    const model = join(dir, 'processes.ts');
    writeFileSync(model, "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({\n  s: { pkg: createManagedProcess({ foregroundProcess: 'sleep', foregroundProcessArgs: ['600'] }) },\n}));\n");
    const archive = join(dir, 'image.tar');
    expectSuccess(await buildImage([model, '-o', archive]), ['image', 'build']);
    const { paths } = layerOf(archive);
    expect(paths).toEqual(expect.arrayContaining(['bin', 'usr/bin/sh', 'usr/bin/dash']));
  }, 240_000);

  it('--interactive adds a shell and tools; a mutable image has them by default and holds the model, not a profile', async () => {
    const dir = tempDir();
    const interactive = join(dir, 'interactive.tar');
    const mutable = join(dir, 'mutable.tar');
    expectSuccess(await buildImage([webapps, '--interactive', '-o', interactive]), ['image', 'build']);
    expectSuccess(await buildImage([webapps, '--mutable', '-o', mutable]), ['image', 'build']);
    expect(layerOf(interactive).paths).toEqual(expect.arrayContaining(['usr/bin/bash', 'usr/bin/grep', 'usr/bin/sed']));
    const image = layerOf(mutable, ['etc/procform/processes.ts']);
    expect(image.paths).toEqual(expect.arrayContaining(['usr/bin/bash', 'etc/procform/ids.json', 'etc/procform/idresources.ts', 'usr/sbin/useradd']));
    expect(image.text['etc/procform/processes.ts']).toBe(readFileSync(webapps, 'utf8'));
    expect(image.paths.filter((path) => path.startsWith('var/lib/procform/store/'))).toEqual([]);
  }, 240_000);
});

describe('procform image build: interrupted', () => {
  it('SIGTERM while writing leaves neither the output nor a temporary file', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [cliPath, 'image', 'build', webapps, '-o', join(dir, 'image.tar')], { stdio: 'ignore' });
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await eventually(() => readdirSync(dir).some((name) => name.includes('.tmp-')), 120_000, 'the build to start writing');
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(readdirSync(dir)).toEqual([]);
  }, 180_000);
});

describe('procform image build: reproducible', () => {
  it('the same model gives the same bytes', async () => {
    const dir = tempDir();
    for (const name of ['first.tar', 'second.tar']) expectSuccess(await buildImage([webapps, '-o', join(dir, name)]), ['image', 'build']);
    expect(sha256(join(dir, 'first.tar'))).toBe(sha256(join(dir, 'second.tar')));
    expect(readdirSync(dir).sort()).toEqual(['first.tar', 'second.tar']);
  }, 240_000);
});

describe.runIf(hasDocker())('immutable images in docker', () => {
  const docker = usePrivateDockerd();

  /** An HTTP GET inside the container (no network), with Node, which every procform image has. */
  const httpInside = (container: string, port: number, host: string) => {
    const script = `require('http').get({host:'127.0.0.1',port:${port},headers:{Host:'${host}'}},r=>{let b='';r.on('data',c=>b+=c);r.on('end',()=>console.log(r.statusCode+' '+b))}).on('error',e=>console.log('error '+e.message))`;
    return docker().docker(['exec', container, 'node', '-e', script]).stdout;
  };

  const statusOf = (container: string) =>
    Object.fromEntries(
      (JSON.parse(docker().docker(['exec', container, 'procform', 'status', '--json']).stdout) as { instance: string; state: string; pid: number }[]).map((entry) => [entry.instance, entry]),
    );
  const deployedTimes = (container: string) => docker().docker(['logs', container]).stderr.split('waiting for SIGTERM').length - 1;

  it.each(['builtin', 'supervisord'])('mutable, %s: the seed\'s scenario: edit the model in the container, switch, only the new instance and nginx restart; docker restart brings all back', async (manager) => {
    const out = join(tempDir(), 'image.tar');
    const tag = `procform-test/webapps-mutable-${manager}:test`;
    expectSuccess(await buildImage([webapps, '--mutable', '-P', manager, '--name', `procform-test/webapps-mutable-${manager}`, '--tag', 'test', '-o', out]), ['image', 'build']);
    expect(docker().docker(['load', '-i', out]).stdout).toContain(`Loaded image: ${tag}`);
    const container = `procform-test-mutable-${manager}`;
    expect(docker().docker(['run', '-d', '--name', container, '--network', 'none', tag]).code).toBe(0);
    await eventually(() => deployedTimes(container) === 1, 90_000, 'the first start to deploy the model');
    expect(docker().docker(['exec', container, 'ls', '/etc/procform']).stdout.split('\n')).toEqual(expect.arrayContaining(['processes.ts', 'ids.json', 'idresources.ts']));
    expect(httpInside(container, 8080, 'webapp.local')).toMatch(/^200 /);
    const before = statusOf(container);

    const edited = readFileSync(join(repoRoot, 'test/image/fixtures/webapps-with-webapp2.ts'), 'utf8');
    expect(docker().docker(['exec', '-i', container, 'sh', '-c', 'cat > /etc/procform/processes.ts'], { input: edited }).code).toBe(0);
    const switched = docker().docker(['exec', container, 'procform', 'switch']);
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stderr).toContain('2 started, 1 stopped, 1 unchanged');
    expect(httpInside(container, 8080, 'webapp2.local')).toMatch(/^200 /);
    expect(httpInside(container, 8080, 'webapp.local')).toMatch(/^200 /);
    const after = statusOf(container);
    expect(after.webapp!.pid).toBe(before.webapp!.pid);
    expect(after.webapp2!.state).toBe('running');

    expect(docker().docker(['restart', '--time', '30', container]).code).toBe(0);
    await eventually(() => deployedTimes(container) === 2, 90_000, 'the restarted container to deploy the last generation');
    expect(httpInside(container, 8080, 'webapp.local')).toMatch(/^200 /);
    expect(httpInside(container, 8080, 'webapp2.local')).toMatch(/^200 /);
    expect(Object.keys(statusOf(container)).sort()).toEqual(['nginx', 'webapp', 'webapp2']);

    expect(docker().docker(['stop', '--time', '30', container]).code).toBe(0);
    expect(docker().docker(['inspect', container, '--format', '{{.State.ExitCode}}']).stdout.trim()).toBe('0');
  }, 300_000);

  it('the immutable image of processes-advanced.ts answers for all six webapps', async () => {
    const out = join(tempDir(), 'image.tar');
    const model = join(repoRoot, 'examples/webapps/processes-advanced.ts');
    expectSuccess(await buildImage([model, '--name', 'procform-test/webapps-advanced', '-o', out]), ['image', 'build']);
    expect(docker().docker(['load', '-i', out]).stdout).toContain('Loaded image: procform-test/webapps-advanced:latest');
    const container = 'procform-test-advanced';
    expect(docker().docker(['run', '-d', '--name', container, '--network', 'none', 'procform-test/webapps-advanced:latest']).code).toBe(0);
    await eventually(() => deployedTimes(container) === 1, 90_000, 'the deployment inside the container');
    for (const number of [1, 2, 3, 4, 5, 6]) {
      expect(httpInside(container, number <= 4 ? 8080 : 8081, `webapp${number}.local`), `webapp${number}`).toMatch(/^200 .*Simple test webapp/s);
    }
    expect(docker().docker(['stop', '--time', '30', container]).code).toBe(0);
    expect(docker().docker(['inspect', container, '--format', '{{.State.ExitCode}}']).stdout.trim()).toBe('0');
  }, 300_000);

  it.each(imageManagers())('%s: runs the webapps model, reaps orphans, and `docker stop` stops nginx before webapp with exit code 0', async (manager) => {
    const out = join(tempDir(), 'image.tar');
    const tag = `procform-test/webapps-${manager}:test`;
    expectSuccess(await buildImage([webapps, '-P', manager, '--name', `procform-test/webapps-${manager}`, '--tag', 'test', '-o', out]), ['image', 'build']);
    expect(docker().docker(['load', '-i', out]).stdout).toContain(`Loaded image: ${tag}`);
    const container = `procform-test-${manager}`;
    const run = docker().docker(['run', '-d', '--name', container, '--network', 'none', tag]);
    expect(run.code, run.stderr).toBe(0);

    await eventually(() => docker().docker(['logs', container]).stderr.includes('waiting for SIGTERM'), 60_000, 'the deployment inside the container');
    expect(httpInside(container, 8080, 'webapp.local')).toMatch(/^200 .*Simple test webapp/s);
    const status = JSON.parse(docker().docker(['exec', container, 'procform', 'status', '--json']).stdout) as { instance: string; state: string }[];
    expect(status.map((entry) => [entry.instance, entry.state])).toEqual([
      ['webapp', 'running'],
      ['nginx', 'running'],
    ]);

    // An orphan (its parent exits at once) is reparented to PID 1, which must reap it when it ends.
    const orphan = Number(docker().docker(['exec', container, 'sh', '-c', 'sleep 1 & echo $!']).stdout.trim());
    expect(orphan).toBeGreaterThan(1);
    await eventually(() => docker().docker(['exec', container, 'cat', `/proc/${orphan}/stat`]).code !== 0, 30_000, `orphan ${orphan} to be reaped, not left a zombie`);

    const stop = docker().docker(['stop', '--time', '30', container]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(docker().docker(['inspect', container, '--format', '{{.State.ExitCode}}']).stdout.trim()).toBe('0');
    const logs = docker().docker(['logs', container]).stderr;
    const order = ['stopping nginx', 'stopped  nginx', 'stopping webapp', 'stopped  webapp', 'procform: stopped\n'].map((line) => logs.indexOf(line));
    expect(order.every((index) => index >= 0), logs).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  }, 240_000);
});
