import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { InstanceStatus } from '../../src/deploy/types.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cliPath = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built procform command line, as a user would. `npm test` builds it first. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; uid?: number; gid?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined && { uid: options.uid }),
      ...(options.gid !== undefined && { gid: options.gid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the command line against the deployment whose state lives in `stateDir`. */
export function runCliIn(stateDir: string, args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliResult> {
  return runCli([...args, '--state-dir', stateDir], options);
}

/** Fails the test, showing the command and its output, unless it exited 0. */
export function expectSuccess<T extends { code: number | null; stdout: string; stderr: string }>(result: T, args: readonly string[]): T {
  expect(result.code, `procform ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
  return result;
}

/**
 * `procform status --json` in a state folder, by instance. Its exit code is checked as users rely on
 * it: 0 when every instance runs as deployed, 3 when one does not (stopped by hand, say).
 */
export async function statusesIn(stateDir: string): Promise<Record<string, InstanceStatus>> {
  const result = await runCliIn(stateDir, ['status', '--json']);
  const byInstance = statusByInstance(result.stdout);
  const allRunning = Object.values(byInstance).every((status) => status.state === 'running');
  expect(result.code, `procform status --json\n${result.stdout}${result.stderr}`).toBe(allRunning ? 0 : 3);
  return byInstance;
}

/** What `procform status --json` printed, by instance. */
export function statusByInstance(json: string): Record<string, InstanceStatus> {
  return Object.fromEntries((JSON.parse(json) as InstanceStatus[]).map((status) => [status.instance, status]));
}
