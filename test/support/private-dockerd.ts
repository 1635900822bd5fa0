// A docker daemon of the test's own: its own data and exec roots, socket and PID file, no bridge and
// no iptables chains (containers run with --network none), and its containers' cgroups under a
// parent of its own, so that stopping it and removing its folders leaves nothing behind on the host.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './eventually.ts';

export interface PrivateDockerd {
  /** The daemon's address, for docker's --host. */
  host: string;
  /** Runs the docker client against this daemon. */
  docker(args: readonly string[], options?: { input?: string; timeoutMs?: number }): { code: number | null; stdout: string; stderr: string };
  stop(): Promise<void>;
}

export function hasDocker(): boolean {
  return spawnSync('which', ['dockerd', 'docker']).status === 0 && process.getuid?.() === 0;
}

export async function startPrivateDockerd(): Promise<PrivateDockerd> {
  const id = randomBytes(4).toString('hex');
  const root = mkdtempSync(`/tmp/procform-dockerd-${id}-`);
  const socket = join(root, 'docker.sock');
  const cgroupParent = `procform-test-docker-${id}`;
  const daemon = spawn(
    'dockerd',
    [
      `--data-root=${join(root, 'data')}`,
      `--exec-root=${join(root, 'exec')}`,
      `--pidfile=${join(root, 'dockerd.pid')}`,
      `--host=unix://${socket}`,
      '--bridge=none',
      '--iptables=false',
      '--ip6tables=false',
      '--ip-masq=false',
      `--cgroup-parent=/${cgroupParent}`,
      '--storage-driver=overlay2',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let log = '';
  daemon.stderr.on('data', (chunk) => (log = (log + chunk).slice(-20_000)));
  const docker: PrivateDockerd['docker'] = (args, options = {}) => {
    const result = spawnSync('docker', ['--host', `unix://${socket}`, ...args], { encoding: 'utf8', input: options.input, timeout: options.timeoutMs ?? 120_000 });
    return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  };
  const stop = async () => {
    const containers = docker(['ps', '-aq']).stdout.split('\n').filter(Boolean);
    if (containers.length > 0) docker(['rm', '-f', ...containers]);
    if (daemon.exitCode === null) {
      process.kill(daemon.pid!, 'SIGTERM');
      await eventually(() => daemon.exitCode !== null || daemon.signalCode !== null, 30_000, 'dockerd to exit');
    }
    removeCgroups(cgroupParent);
    // What dockerd leaves mounted (a host-network build's netns file, its data root's bind mount).
    for (const mountPoint of mountsUnder(root)) {
      if (spawnSync('umount', [mountPoint], { stdio: 'ignore' }).status !== 0) spawnSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await eventually(() => daemon.exitCode === null && existsSync(socket) && docker(['info', '--format', '{{.ServerVersion}}']).code === 0, 60_000, `dockerd to answer on ${socket}`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${log}`, { cause: error });
  }
  return { host: `unix://${socket}`, docker, stop };
}

/** Mount points inside `root`, deepest first. */
function mountsUnder(root: string): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4]?.replace(/\\040/g, ' '))
    .filter((point): point is string => point !== undefined && point.startsWith(`${root}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** The cgroup folders of the daemon's containers, deepest first, in every hierarchy that has them. */
function removeCgroups(parent: string): void {
  if (!existsSync('/sys/fs/cgroup')) return;
  const hierarchies = existsSync('/sys/fs/cgroup/cgroup.controllers') ? ['/sys/fs/cgroup'] : readdirSync('/sys/fs/cgroup').map((name) => join('/sys/fs/cgroup', name));
  for (const hierarchy of hierarchies) removeTree(join(hierarchy, parent));
}

function removeTree(folder: string): void {
  if (!existsSync(folder)) return;
  try {
    for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) removeTree(join(folder, entry.name));
    rmdirSync(folder);
  } catch {
    // A cgroup still in use (a process survived) stays; the test that made it has failed already.
  }
}

