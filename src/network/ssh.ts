// The engine: OpenSSH. Every command on a machine is one `ssh` run; files travel as a tar stream on
// its standard input. No agent of procform's own runs on the machines besides procform itself.
import { spawn } from 'node:child_process';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { ProcformError } from '../errors.ts';
import { shellCommand } from '../shell/quote.ts';
import type { Machine } from './types.ts';

export interface RemoteResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** ssh's arguments to reach a machine, before the remote command. */
export function sshArgs(machine: Machine): string[] {
  return [
    ...(machine.sshOptions ?? []),
    ...(machine.port === undefined ? [] : ['-p', String(machine.port)]),
    ...(machine.user === undefined ? [] : ['-l', machine.user]),
    ...(machine.identityFile === undefined ? [] : ['-i', machine.identityFile]),
    // Never ask for a password or a host key on the terminal: the coordinator is not interactive.
    '-o',
    'BatchMode=yes',
    machine.host,
  ];
}

/** Runs a shell command (a string, or argv quoted for the remote shell) on a machine. */
export function runOnMachine(machine: Machine, command: string | readonly string[], options: { input?: string | Readable; output?: Writable; timeoutMs?: number } = {}): Promise<RemoteResult> {
  const remote = typeof command === 'string' ? command : shellCommand(command);
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...sshArgs(machine), '--', remote], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (options.output) child.stdout.pipe(options.output);
    else child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => reject(new ProcformError(`cannot run ssh: ${error.message}`, { hint: 'Install OpenSSH\'s client: apt-get install openssh-client.', cause: error })));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    if (options.input === undefined) child.stdin.end();
    else if (typeof options.input === 'string') child.stdin.end(options.input);
    else options.input.pipe(child.stdin);
  });
}

/** Why ssh itself failed (exit status 255), in words; undefined when the remote command ran. */
export function sshFailure(result: RemoteResult): string | undefined {
  if (result.code !== 255) return undefined;
  const said = result.stderr.trim().split('\n').filter((line) => !line.startsWith('Warning: Permanently added')).at(-1) ?? '';
  if (/Permission denied/.test(said)) return `the machine refused the key (${said})`;
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/.test(result.stderr)) return `the machine's host key is unknown or changed (${said})`;
  if (/Connection refused|No route to host|timed out|Could not resolve|Network is unreachable|Connection closed|Connection reset/.test(said)) return `unreachable (${said})`;
  return `ssh failed${said ? ` (${said})` : ''}`;
}

/** Copies a local folder's contents into `target` on a machine (created if missing), as a tar stream over ssh. */
export async function copyFolderTo(machine: Machine, folder: string, target: string): Promise<RemoteResult> {
  const tar = spawn('tar', ['-C', folder, '--exclude=./node_modules', '--exclude=./.git', '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const result = await runOnMachine(machine, `mkdir -p ${shellCommand([target])} && tar -C ${shellCommand([target])} -xf -`, { input: tar.stdout });
  await new Promise((resolve) => (tar.exitCode === null ? tar.on('close', resolve) : resolve(undefined)));
  return result;
}

/** Copies a folder of a machine into a local folder (created; it must not exist yet), as a tar stream over ssh. */
export async function copyFolderFrom(machine: Machine, folder: string, target: string): Promise<RemoteResult> {
  const temporary = `${target}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  const tar = spawn('tar', ['-C', temporary, '-xf', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise((resolve) => tar.on('close', resolve));
  const result = await runOnMachine(machine, `tar -C ${shellCommand([folder])} -cf - .`, { output: tar.stdin });
  await done;
  if (result.code === 0 && tar.exitCode === 0) await rename(temporary, target);
  else await rm(temporary, { recursive: true, force: true });
  return result;
}
