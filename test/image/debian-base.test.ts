// `procform image build --base debian`: the image's lower layer is a Debian root made with
// mmdebstrap from the mirror and cached; apt works in the container, so an edited model can use a
// program installed there. Needs the Debian mirror: without it these tests fail, they do not skip.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliPath, expectSuccess, runCli } from '../support/cli.ts';
import { usePrivateDockerd } from '../support/docker-suite.ts';
import { eventually } from '../support/eventually.ts';
import { freePort } from '../support/free-port.ts';
import { hasDocker } from '../support/private-dockerd.ts';
import { tempDir } from '../support/temp-dir.ts';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const sleeperModel = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  sleeper: { pkg: createManagedProcess({ foregroundProcess: 'sleep', args: ['infinity'] }) },
}));
`;

/** The edited model: the sleeper unchanged, and busybox's httpd, a program installed with apt in the container. */
const withHttpd = (port: number) => `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  sleeper: { pkg: createManagedProcess({ foregroundProcess: 'sleep', args: ['infinity'] }) },
  httpd: {
    pkg: createManagedProcess({
      foregroundProcess: { kind: 'executable', name: 'busybox', install: 'apt-get install busybox' },
      args: ['httpd', '-f', '-p', '127.0.0.1:${port}', '-h', '/etc/procform'],
      readiness: { kind: 'tcp', port: ${port}, host: '127.0.0.1' },
    }),
  },
}));
`;

function model(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'processes.ts'), sleeperModel);
  return join(dir, 'processes.ts');
}

const build = (args: string[], env?: NodeJS.ProcessEnv) => runCli(['image', 'build', ...args], { timeoutMs: 600_000, ...(env && { env: { ...process.env, ...env } }) });

describe('procform image build --base debian: bad input writes nothing', () => {
  it('without mmdebstrap on PATH: exit 69 naming the package, no image, no cache', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const result = await build([model(), '--mutable', '--base', 'debian', '--base-cache', cache, '-o', join(dir, 'image.tar')], { PATH: tempDir() });
    expect(result.code, result.stderr).toBe(69);
    expect(result.stderr).toContain('--base debian needs mmdebstrap, which is not on PATH');
    expect(result.stderr).toContain('apt-get install mmdebstrap');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an unknown --base, and a mirror that cannot be reached: nothing in the cache, no image', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const unknown = await build([model(), '--base', 'nix', '-o', join(dir, 'image.tar')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--base "nix" is not an image base');
    const unreachable = await build([model(), '--mutable', '--base', 'debian', '--mirror', 'http://127.0.0.1:1/debian', '--base-cache', cache, '-o', join(dir, 'image.tar')]);
    expect(unreachable.code, unreachable.stderr).toBe(75);
    expect(unreachable.stderr).toContain('mmdebstrap could not make the Debian root from http://127.0.0.1:1/debian');
    expect(readdirSync(dir)).toEqual(['cache']);
    expect(readdirSync(cache)).toEqual([]);
  }, 300_000);
});

/** The PIDs of the processes whose parent is `parent` and whose name is `name`. */
function childrenNamed(parent: number, name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[1]) === parent && stat.includes(`(${name})`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('procform image build --base debian: interrupted', () => {
  it('SIGTERM while mmdebstrap runs stops it and leaves no half root in the cache and no image', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const child = spawn(process.execPath, [cliPath, 'image', 'build', model(), '--mutable', '--base', 'debian', '--base-cache', cache, '-o', join(dir, 'image.tar')], { stdio: 'ignore' });
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let mmdebstrap: number[] = [];
    await eventually(() => (mmdebstrap = childrenNamed(child.pid!, 'mmdebstrap')).length === 1, 60_000, 'the build to start mmdebstrap');
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(existsSync(`/proc/${mmdebstrap[0]}`)).toBe(false);
    expect(readdirSync(dir)).toEqual(['cache']);
    expect(readdirSync(cache)).toEqual([]);
  }, 180_000);

  // mmdebstrap's own ways of ending, played by a stand-in on PATH (a real run cannot be steered to
  // them): it writes its root as $7, the partial file in the cache. The build runs in a process
  // group of its own, as a shell's job does: the stand-in signals its whole group.
  function buildWithStandIn(script: string) {
    const bin = tempDir();
    writeFileSync(join(bin, 'mmdebstrap'), `#!/bin/sh\ntouch "$7"\n${script}\n`, { mode: 0o755 });
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const args = [cliPath, 'image', 'build', model(), '--mutable', '--base', 'debian', '--base-cache', cache, '-o', join(dir, 'image.tar')];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
    return { child, bin, cache, ended };
  }

  it('mmdebstrap signalling its whole process group (it does when writing the tar fails) is reported as its failure, exit 75', async () => {
    const { cache, ended } = buildWithStandIn(`trap '' HUP\necho 'W: creating tarball failed' >&2\nkill -HUP 0\nsleep 0.5\nexit 1`);
    const result = await ended;
    expect(result, result.stderr).toMatchObject({ code: 75, signal: null });
    expect(result.stderr).toContain('creating tarball failed');
    expect(readdirSync(cache)).toEqual([]);
  });

  it('a second SIGTERM while mmdebstrap stops does not cut the clean-up short', async () => {
    // It takes a second to stop, as the real one unmounts and removes its temporary root, and says
    // when it has begun, so that the second SIGTERM lands while it stops.
    const { child, bin, cache, ended } = buildWithStandIn(`trap 'touch "$(dirname "$0")/stopping"; sleep 1; exit 1' TERM\nwhile :; do sleep 0.1; done`);
    await eventually(() => existsSync(cache) && readdirSync(cache).length === 1, 30_000, 'the stand-in to start');
    child.kill('SIGTERM');
    await eventually(() => existsSync(join(bin, 'stopping')), 30_000, 'the stand-in to begin stopping');
    child.kill('SIGTERM');
    expect(await ended).toMatchObject({ code: 143, signal: null });
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe.runIf(hasDocker())('a mutable image on a Debian root, in docker', () => {
  const docker = usePrivateDockerd();

  it('the second build reuses the cached root (same bytes); apt-get installs busybox in the container; an edited model using it switches, the sleeper keeps its PID', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const processes = model();
    const args = (out: string) => [processes, '--mutable', '--base', 'debian', '--base-cache', cache, '--name', 'procform-test/debian-mutable', '--tag', 'test', '-o', out];
    const first = expectSuccess(await build(args(join(dir, 'first.tar'))), ['image', 'build']);
    expect(first.stderr).toContain('root made with mmdebstrap');
    const [root] = readdirSync(cache);
    expect(root).toMatch(/^debian-[a-z]+-minbase-[0-9a-f]{12}\.tar$/);
    const made = statSync(join(cache, root!));
    // The build host's resolv.conf and hostname are not in the root (the container runtime gives both).
    const rootFiles = execFileSync('tar', ['-tf', join(cache, root!)], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n');
    expect(rootFiles).toEqual(expect.arrayContaining(['./usr/bin/apt-get', './etc/apt/sources.list']));
    expect(rootFiles.filter((path) => path === './etc/resolv.conf' || path === './etc/hostname')).toEqual([]);
    const second = expectSuccess(await build(args(join(dir, 'second.tar'))), ['image', 'build']);
    expect(second.stderr).toContain('root from the cache');
    expect(statSync(join(cache, root!)).mtimeMs).toBe(made.mtimeMs);
    expect(readdirSync(cache)).toEqual([root]);
    expect(sha256(join(dir, 'second.tar'))).toBe(sha256(join(dir, 'first.tar')));

    const tag = 'procform-test/debian-mutable:test';
    expect(docker().docker(['load', '-i', join(dir, 'first.tar')], { timeoutMs: 300_000 }).stdout).toContain(`Loaded image: ${tag}`);
    const container = 'procform-test-debian-mutable';
    // apt needs the mirror: the container uses the host's network.
    const run = docker().docker(['run', '-d', '--name', container, '--network', 'host', tag]);
    expect(run.code, run.stderr).toBe(0);
    await eventually(() => docker().docker(['logs', container]).stderr.includes('waiting for SIGTERM'), 90_000, 'the first start to deploy the model');
    const status = () => Object.fromEntries((JSON.parse(docker().docker(['exec', container, 'procform', 'status', '--json']).stdout) as { instance: string; state: string; pid: number }[]).map((entry) => [entry.instance, entry]));
    const before = status();
    expect(before.sleeper!.state).toBe('running');

    expect(docker().docker(['exec', container, 'sh', '-c', 'command -v busybox']).code).not.toBe(0);
    const apt = docker().docker(['exec', container, 'sh', '-c', 'apt-get update && apt-get install -y --no-install-recommends busybox'], { timeoutMs: 300_000 });
    expect(apt.code, apt.stderr).toBe(0);

    const port = await freePort();
    expect(docker().docker(['exec', '-i', container, 'sh', '-c', 'cat > /etc/procform/processes.ts'], { input: withHttpd(port) }).code).toBe(0);
    const switched = docker().docker(['exec', container, 'procform', 'switch']);
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stderr).toContain('1 started, 0 stopped, 1 unchanged');
    const response = await fetch(`http://127.0.0.1:${port}/processes.ts`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("name: 'busybox'");
    const after = status();
    expect(after.sleeper!.pid).toBe(before.sleeper!.pid);
    expect(after.httpd!.state).toBe('running');

    expect(docker().docker(['stop', '--time', '30', container]).code).toBe(0);
    expect(docker().docker(['inspect', container, '--format', '{{.State.ExitCode}}']).stdout.trim()).toBe('0');
    expect(docker().docker(['rm', container]).code).toBe(0);
    expect(docker().docker(['rmi', tag]).code).toBe(0);
    expect(existsSync(join(cache, root!))).toBe(true);
  }, 900_000);
});
