// Runs `procform test` as a user would (the built command line, output to a pipe: plain lines),
// and records every machine it announces, so that a test can check afterwards that none of them
// left anything on the host.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';
import { sandboxCgroupFolders } from '../../src/sandbox/cgroup-folders.ts';
import { cgroupName } from '../../src/sandbox/sandbox-id.ts';
import type { SandboxTraces } from '../sandbox/leftovers.ts';
import { ticksNow, tracesOf, waitUntilGone } from '../sandbox/leftovers.ts';
import { cliPath, repoRoot } from '../support/cli.ts';

export interface TestRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** What identifies each machine the run started, read while it ran, and when its removal began (ticks). */
  machines: { variant: string; traces: SandboxTraces; removedAt?: number }[];
  /** Problems recording a machine (it was gone before its namespaces could be read). */
  unrecorded: string[];
}

const machineLine = /^ +(\S+) +machine (\S+) up \(host PID (\d+)\)/;
// A variant's teardown line, or its result line when it ended without one (interrupted).
const removalLine = /^(?: +(\S+) +teardown |[✓✗!] (\S+) )/;

/**
 * Starts `procform test ARGS`; `onLine` sees every output line as it comes (to interrupt the run at
 * the right moment, say). Resolves when the command has ended.
 */
export function runProcformTest(args: readonly string[], options: { onLine?: (line: string, run: { pressCtrlC(): void }) => void; timeoutMs?: number } = {}): Promise<TestRun> {
  // In a process group of its own, as a shell runs a foreground job: Ctrl-C signals the whole group.
  const child = spawn(process.execPath, [cliPath, 'test', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
  };
  onTestFinished(() => signalGroup('SIGKILL'));
  const run: TestRun = { code: null, signal: null, stdout: '', stderr: '', machines: [], unrecorded: [] };
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    run.stdout += `${line}\n`;
    const match = machineLine.exec(line);
    if (match) {
      const id = match[2]!;
      try {
        run.machines.push({ variant: match[1]!, traces: tracesOf({ id, pid: Number(match[3]), cgroups: sandboxCgroupFolders(cgroupName(id)) }) });
      } catch (error) {
        run.unrecorded.push(`${id}: ${(error as Error).message}`);
      }
    }
    const removal = removalLine.exec(line);
    const machine = removal && run.machines.find((entry) => entry.variant === (removal[1] ?? removal[2]));
    if (machine) machine.removedAt ??= ticksNow();
    options.onLine?.(line, { pressCtrlC: () => signalGroup('SIGINT') });
  });
  const timer = setTimeout(() => signalGroup('SIGKILL'), options.timeoutMs ?? 240_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ...run, code, signal });
    });
  });
}

/**
 * Everything the run's machines left on the host: processes, namespaces, mounts, cgroups. Empty
 * when clean. Only processes older than a machine's removal count as its own: the kernel hands a
 * freed namespace's number to later sandboxes (of this run, or of anyone else on the machine).
 */
export async function leftoversOfRun(run: TestRun): Promise<string[]> {
  const ended = ticksNow();
  const found = await Promise.all(run.machines.map(({ traces, removedAt }) => waitUntilGone(traces, removedAt ?? ended)));
  return [...run.unrecorded, ...found.flat()];
}

/** Which of these accounts exist on the host (not in any machine). */
export function hostAccounts(names: readonly string[]): string[] {
  return names.filter((name) => spawnSync('getent', ['passwd', name]).status === 0);
}
