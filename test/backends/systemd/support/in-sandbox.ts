// Helpers for the end-to-end tests: procform's command line inside a sandbox, and what systemd
// says about a unit.
import { cliPath } from '../../../support/cli.ts';
import type { Sandbox, SandboxExecOptions, SandboxExecResult } from '../../../../src/sandbox/index.ts';

/** procform's built command line, run inside the sandbox. */
export function procform(sandbox: Sandbox, args: readonly string[], options: SandboxExecOptions = {}): Promise<SandboxExecResult> {
  return sandbox.exec([process.execPath, cliPath, ...args], { ...options, env: { NO_COLOR: '1', ...options.env } });
}

/** procform that must succeed; its output (stdout and stderr) for assertions. */
export async function procformOk(sandbox: Sandbox, args: readonly string[], options: SandboxExecOptions = {}): Promise<SandboxExecResult> {
  const result = await procform(sandbox, args, options);
  if (result.code !== 0) throw new Error(`procform ${args.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result;
}

/**
 * After a test: stop procform's units and remove their links, whatever state the test left them in
 * (a test may break the deployment on purpose, beyond what `down` repairs).
 */
export async function resetUnits(sandbox: Sandbox, scope: 'system' | 'user', options: SandboxExecOptions = {}): Promise<void> {
  const user = scope === 'user' ? ['--user'] : [];
  const dir = scope === 'user' ? '"$HOME/.config/systemd/user"' : '/etc/systemd/system';
  // Services only: the sandbox itself may have a procform-sandbox.target.
  await sandbox.exec(['systemctl', ...user, 'stop', 'procform-*.service'], options);
  await sandbox.exec(['sh', '-c', `rm -f ${dir}/procform-*.service ${dir}/*.wants/procform-*.service`], options);
  await sandbox.exec(['systemctl', ...user, 'daemon-reload'], options);
  await sandbox.exec(['systemctl', ...user, 'reset-failed', 'procform-*.service'], options);
}

/** GET through curl inside the sandbox (it has a network of its own), with a Host header. */
export async function curl(sandbox: Sandbox, port: number, host: string): Promise<string> {
  return sandbox.succeed(['curl', '--silent', '--show-error', '--max-time', '5', '--header', `Host: ${host}`, `http://127.0.0.1:${port}/`]);
}

/** Properties of a unit, as systemctl show gives them. */
export async function unitProperties(sandbox: Sandbox, unit: string, scope: 'system' | 'user' = 'system', options: SandboxExecOptions = {}): Promise<Record<string, string>> {
  const user = scope === 'user' ? ['--user'] : [];
  const output = await sandbox.succeed(['systemctl', ...user, 'show', unit], options);
  return Object.fromEntries(output.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** Main PIDs of procform's units, by instance name. */
export async function mainPids(sandbox: Sandbox, names: readonly string[]): Promise<Record<string, number>> {
  const pids: Record<string, number> = {};
  for (const name of names) pids[name] = Number((await unitProperties(sandbox, `procform-${name}.service`)).MainPID);
  return pids;
}

/** The real and effective IDs of a process, from /proc/PID/status inside the sandbox. */
export async function processIds(sandbox: Sandbox, pid: number): Promise<{ uid: number; gid: number }> {
  const status = await sandbox.succeed(['cat', `/proc/${pid}/status`]);
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)![1]);
  return { uid: field('Uid'), gid: field('Gid') };
}
