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

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Run as this user of the sandbox (its HOME and XDG_RUNTIME_DIR are set). */
  user?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface SystemdSandbox {
  /** The host PID of the sandbox's PID 1 (systemd). */
  pid1: number;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** exec that throws with the output when the command fails. */
  run(argv: readonly string[], options?: ExecOptions): Promise<string>;
  /** Creates a user (the sandbox's /etc is its own) and starts its user manager, as a login would. */
  addUserWithManager(name: string): Promise<{ uid: number; home: string }>;
  /** Starts the user manager of an existing user (root too); exec with `user` then talks to it. */
  startUserManager(name: string): Promise<{ uid: number; home: string }>;
  destroy(): Promise<void>;
}

const basePath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export async function createSystemdSandbox(options: { shared?: string[] } = {}): Promise<SystemdSandbox> {
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
      ...(options.shared ?? []),
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
    const sandbox = makeSandbox(pid1, cleanup);
    await waitForBoot(sandbox, () => launcherOutput);
    return sandbox;
  } catch (error) {
    await cleanup(pid1);
    throw error;
  }
}

function makeSandbox(pid1: number, cleanup: (pid1: number) => Promise<void>): SystemdSandbox {
  const exec = (argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> => {
    const env: Record<string, string> = { PATH: basePath, LANG: 'C.UTF-8', HOME: '/root', ...options.env };
    const asUser = options.user && options.user !== 'root' ? ['setpriv', `--reuid=${options.user}`, `--regid=${options.user}`, '--init-groups', '--'] : [];
    const envArgs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    const command = ['nsenter', '-t', String(pid1), '-m', '-p', '-u', '-i', '-n', '--wdns=/', '--', ...asUser, 'env', '-i', ...envArgs, ...argv];
    return new Promise((resolve, reject) => {
      const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  };
  const run = async (argv: readonly string[], options: ExecOptions = {}): Promise<string> => {
    const result = await exec(argv, options);
    if (result.code !== 0) throw new Error(`${argv.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  const userEnv = new Map<string, Record<string, string>>();
  return {
    pid1,
    exec: (argv, options = {}) => exec(argv, { ...options, env: { ...(options.user ? userEnv.get(options.user) : {}), ...options.env } }),
    run: (argv, options = {}) => run(argv, { ...options, env: { ...(options.user ? userEnv.get(options.user) : {}), ...options.env } }),
    async addUserWithManager(name) {
      await run(['useradd', '--create-home', '--home-dir', `/home/${name}`, '--shell', '/bin/sh', name]);
      return this.startUserManager(name);
    },
    async startUserManager(name) {
      const uid = Number((await run(['id', '-u', name])).trim());
      const home = (await run(['getent', 'passwd', name])).split(':')[5]!;
      await run(['systemctl', 'start', `user@${uid}.service`]);
      userEnv.set(name, { HOME: home, USER: name, LOGNAME: name, XDG_RUNTIME_DIR: `/run/user/${uid}` });
      return { uid, home };
    },
    destroy: () => cleanup(pid1),
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

async function waitForBoot(sandbox: SystemdSandbox, output: () => string): Promise<void> {
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
