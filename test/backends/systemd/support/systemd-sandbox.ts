// A minimal, private harness: systemd as PID 1 in its own namespaces, for the systemd backend's
// end-to-end tests until the shared sandbox library (src/sandbox/) lands; then it goes.
// It follows process-managers-on-debian.md §7 to the letter: launched from a dedicated child
// cgroup (cgwrap.sh), in its own cgroup namespace with a fresh cgroup2 mount, /run a private
// tmpfs, so the host's processes and /run/systemd are never touched. destroy() powers it off,
// kills what is left by PID, and removes the cgroups.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
let counter = 0;

// The subset of src/sandbox's API (branch sandbox) that these tests use, so that switching to it is
// a change of import.
export type SandboxUser = 'root' | 'unprivileged';

export interface SandboxExecOptions {
  /** Default: the profile's user. */
  user?: SandboxUser;
  /** Added to the login environment. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface SandboxExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface Sandbox {
  /** Host PID of the sandbox's PID 1 (systemd). */
  readonly pid: number;
  /** The `unprivileged` account (unprivileged profile only), whose user manager runs. */
  readonly account: { name: 'unprivileged'; uid: number; gid: number; home: string } | undefined;
  exec(command: readonly string[], options?: SandboxExecOptions): Promise<SandboxExecResult>;
  /** exec, returning stdout; throws with the output unless the command exits 0. */
  succeed(command: readonly string[], options?: SandboxExecOptions): Promise<string>;
  destroy(): Promise<void>;
}

export interface SandboxOptions {
  profile: 'privileged' | 'unprivileged';
  init: 'systemd';
  /** Host folders shared read-write at the same path. */
  binds?: { source: string }[];
}

const rootPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const userPath = '/usr/local/bin:/usr/bin:/bin';

export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const cgroupName = `pmtest-procform-systemd-${process.pid}-${(counter += 1)}`;
  const scratch = mkdtempSync(join(tmpdir(), 'procform-sdsbx-'));
  const launcher = spawn(
    join(here, 'cgwrap.sh'),
    [
      cgroupName,
      // Dies with the test process, and takes PID 1 (and so the whole pid namespace) with it.
      'setpriv',
      '--pdeathsig=KILL',
      'unshare',
      '--pid',
      '--fork',
      '--kill-child=KILL',
      '--mount',
      '--uts',
      '--ipc',
      '--net',
      '--cgroup',
      '--propagation',
      'private',
      join(here, 'systemd-pid1.sh'),
      scratch,
      ...(options.binds ?? []).map((bind) => bind.source),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let launcherOutput = '';
  launcher.stderr.on('data', (chunk) => (launcherOutput += chunk));
  const exited = new Promise<void>((resolve) => launcher.once('exit', () => resolve()));

  const cleanup = async (pid1: number | null) => {
    if (pid1 !== null) {
      try {
        // SIGRTMIN+4 asks systemd to power off (Node knows real-time signals only by number).
        process.kill(pid1, 38);
      } catch {
        // Already gone.
      }
    }
    if (!(await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]))) {
      // Killing PID 1 kills every process of its namespace.
      if (pid1 !== null) tryKill(pid1);
      tryKill(launcher.pid!);
      await exited;
    }
    await removeCgroups(cgroupName);
    rmSync(scratch, { recursive: true, force: true });
  };

  let pid1: number | null = null;
  try {
    pid1 = await findPid1(launcher.pid!, () => launcherOutput);
    const root = makeSandbox(pid1, undefined, () => cleanup(pid1));
    await waitForBoot(root, () => launcherOutput);
    if (options.profile === 'privileged') return root;
    // As a login would: the user, and its user manager.
    await root.succeed(['useradd', '--create-home', '--home-dir', '/home/unprivileged', '--shell', '/bin/bash', 'unprivileged']);
    const [uid, gid] = (await root.succeed(['sh', '-c', 'id -u unprivileged; id -g unprivileged'])).trim().split('\n').map(Number) as [number, number];
    await root.succeed(['systemctl', 'start', `user@${uid}.service`]);
    return makeSandbox(pid1, { name: 'unprivileged', uid, gid, home: '/home/unprivileged' }, () => cleanup(pid1));
  } catch (error) {
    await cleanup(pid1);
    throw error;
  }
}

function makeSandbox(pid1: number, account: Sandbox['account'], destroy: () => Promise<void>): Sandbox {
  const exec = (argv: readonly string[], options: SandboxExecOptions = {}): Promise<SandboxExecResult> => {
    const user = options.user ?? (account ? 'unprivileged' : 'root');
    const login: Record<string, string> =
      user === 'root'
        ? { HOME: '/root', USER: 'root', LOGNAME: 'root', PATH: rootPath }
        : { HOME: account!.home, USER: account!.name, LOGNAME: account!.name, PATH: userPath, XDG_RUNTIME_DIR: `/run/user/${account!.uid}` };
    const env = { LANG: 'C.UTF-8', SHELL: '/bin/bash', ...login, ...options.env };
    const asUser = user === 'root' ? [] : ['setpriv', `--reuid=${account!.uid}`, `--regid=${account!.gid}`, '--init-groups', '--'];
    const envArgs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    const command = ['nsenter', '-t', String(pid1), '-m', '-p', '-u', '-i', '-n', '--wdns=/', '--', ...asUser, 'env', '-i', ...envArgs, ...argv];
    return new Promise((resolve, reject) => {
      const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), options.timeoutMs);
      child.once('error', reject);
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr, timedOut });
      });
    });
  };
  return {
    pid: pid1,
    account,
    exec,
    async succeed(argv, options) {
      const result = await exec(argv, options);
      if (result.code !== 0) throw new Error(`${argv.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
      return result.stdout;
    },
    destroy,
  };
}

/** The unshare's child: PID 1 of the namespace, once it has become systemd. */
async function findPid1(unsharePid: number, output: () => string): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const child = readChildren(unsharePid)[0];
    if (child !== undefined && readComm(child) === 'systemd') return child;
    await sleep(25);
  }
  throw new Error(`systemd did not start in the sandbox:\n${output()}`);
}

async function waitForBoot(sandbox: Sandbox, output: () => string): Promise<void> {
  let state = '';
  for (let attempt = 0; attempt < 300; attempt += 1) {
    state = (await sandbox.exec(['systemctl', 'is-system-running'])).stdout.trim();
    if (state === 'running' || state === 'degraded') return;
    await sleep(50);
  }
  throw new Error(`systemd in the sandbox did not finish booting (${state}):\n${output()}`);
}

function readChildren(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function readComm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Removes the cgroup NAME and everything below it, deepest first, in every hierarchy. The kernel
 * lets go of a cgroup a moment after its last process died, so removal is retried for a while.
 */
async function removeCgroups(name: string): Promise<void> {
  const dirs = readFileSync('/proc/self/cgroup', 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, controllers, path] = line.split(':') as [string, string, string];
      const mount = controllers === '' ? '/sys/fs/cgroup/unified' : controllers === 'name=systemd' ? '/sys/fs/cgroup/systemd' : `/sys/fs/cgroup/${controllers}`;
      return join(mount, path, name);
    });
  const remove = (dir: string): boolean => {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return true;
    let removed = true;
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removed = remove(join(dir, entry.name)) && removed;
    try {
      rmdirSync(dir);
      return removed;
    } catch {
      return false;
    }
  };
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (dirs.map(remove).every(Boolean)) return;
    await sleep(50);
  }
  throw new Error(`could not remove the cgroups ${dirs.join(', ')}: a process of the sandbox survived`);
}
