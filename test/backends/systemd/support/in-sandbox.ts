// Helpers for the end-to-end tests: procform's command line inside a sandbox, the webapps example
// copied with ports of its own, and what systemd says about a unit.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../../../support/cli.ts';
import { freePorts } from '../../../support/free-port.ts';
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

export interface WebappsCopy {
  dir: string;
  model: string;
  advanced: string;
  ports: { webapp: number; nginx: number };
  advancedPorts: Record<string, number>;
}

/**
 * The webapps example in `dir`, with IDs files giving every instance a free port. User and group
 * IDs are left to useradd: the two models' fixed ones overlap (webapp and webapp1 share 2000).
 */
export async function copyWebapps(dir: string): Promise<WebappsCopy> {
  mkdirSync(dir, { recursive: true });
  cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
  const [webapp, nginx, ...rest] = await freePorts(10);
  const advancedNames = ['webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6', 'nginx', 'nginx2'];
  const advancedPorts = Object.fromEntries(advancedNames.map((name, index) => [name, rest[index] ?? webapp! + 100 + index]));
  writeIds(join(dir, 'ids.json'), { webappPorts: { webapp: webapp! }, nginxPorts: { nginx: nginx! } });
  writeIds(join(dir, 'processes-advanced.ids.json'), {
    webappPorts: Object.fromEntries(advancedNames.filter((name) => name.startsWith('webapp')).map((name) => [name, advancedPorts[name]!])),
    nginxPorts: { nginx: advancedPorts.nginx!, nginx2: advancedPorts.nginx2! },
  });
  return { dir, model: join(dir, 'processes.ts'), advanced: join(dir, 'processes-advanced.ts'), ports: { webapp: webapp!, nginx: nginx! }, advancedPorts };
}

export function writeIds(file: string, ids: Record<string, Record<string, number>>): void {
  const lastAssignments = Object.fromEntries(Object.entries(ids).map(([pool, assigned]) => [pool, Math.max(...Object.values(assigned))]));
  writeFileSync(file, JSON.stringify({ ids, lastAssignments }, null, 2));
}

/**
 * After a test: stop procform's units and remove their links, whatever state the test left them in
 * (a failed switch leaves no generation for `down` to work from).
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
