// Helpers for the sysvinit tests: copies of the webapps example with free ports, running procform
// against a throw-away state folder, and finding (and killing, by PID) every process a deployment left.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, onTestFinished } from 'vitest';
import { isRunning, readProcStat } from '../../../src/process/proc-stat.ts';
import type { CliResult } from '../../support/cli.ts';
import { runCliIn } from '../../support/cli.ts';
import { tempDir } from '../../support/temp-dir.ts';
import type { WebappsCopy } from '../../support/webapps.ts';
import { copyWebapps as copyWebappsTo } from '../../support/webapps.ts';

export interface WebappsCopyWithState extends WebappsCopy {
  stateDir: string;
}

/** examples/webapps in a temp folder (see test/support/webapps.ts), with a state folder cleaned up after the test. */
export async function copyWebapps(): Promise<WebappsCopyWithState> {
  const dir = tempDir('procform-sysvinit-');
  // nginx started by root without a `user` directive runs its workers as nobody: they must read the store.
  chmodSync(dir, 0o755);
  const copy = await copyWebappsTo(dir);
  const stateDir = join(dir, 'state');
  cleanUpAfterTest(stateDir);
  return { ...copy, stateDir };
}

/** A model file in a fresh folder (importing procform as users do), and a state folder cleaned up after the test. */
export function writeModel(source: string): { dir: string; model: string; stateDir: string } {
  const dir = tempDir('procform-sysvinit-');
  const model = join(dir, 'processes.ts');
  writeFileSync(model, source);
  const stateDir = join(dir, 'state');
  cleanUpAfterTest(stateDir);
  return { dir, model, stateDir };
}

/** procform with this deployment's state folder; unprivileged unless `privileged`. */
export function procform(stateDir: string, args: string[], options: { privileged?: boolean; build?: boolean } = {}): Promise<CliResult> {
  const build = options.build ?? ['switch', 'build', 'up'].includes(args[0]!);
  return runCliIn(stateDir, [...args, ...(build ? ['-P', 'sysvinit', ...(options.privileged ? [] : ['--force-disable-user-change'])] : [])], { timeoutMs: 120_000 });
}

/** Like procform(), but the command must succeed. */
export async function procformOk(stateDir: string, args: string[], options: { privileged?: boolean } = {}): Promise<CliResult> {
  const result = await procform(stateDir, args, options);
  expect(result.code, `procform ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
  return result;
}

/** A live process's process group, or null when it is gone (zombies count as gone). */
function liveGroup(pid: number): number | null {
  return isRunning(pid) ? (readProcStat(pid)?.pgid ?? null) : null;
}

/**
 * Live processes of the deployment in `dir`: those whose command line or environment mention it,
 * and every other member of their process groups (nginx's workers rewrite both).
 */
export function processesUsing(dir: string): number[] {
  const own = liveGroup(process.pid);
  const all = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
  const groups = new Set<number>();
  const matched = new Set<number>();
  for (const pid of all) {
    const group = liveGroup(pid);
    if (group === null || pid === process.pid) continue;
    try {
      const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8') + readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (!text.includes(dir)) continue;
    } catch {
      continue;
    }
    matched.add(pid);
    if (group !== own) groups.add(group);
  }
  for (const pid of all) {
    const group = liveGroup(pid);
    if (group !== null && groups.has(group)) matched.add(pid);
  }
  return [...matched].sort((a, b) => a - b);
}

/** Waits until nothing of the deployment in `dir` runs (plus `pids` seen earlier), or fails naming what is left. */
export async function expectNothingRunning(dir: string, pids: readonly number[] = [], timeoutMs = 10_000): Promise<void> {
  const left = () => [...new Set([...processesUsing(dir), ...pids.filter((pid) => liveGroup(pid) !== null)])];
  const deadline = Date.now() + timeoutMs;
  while (left().length > 0 && Date.now() < deadline) await sleep(50);
  expect(left().map((pid) => `${pid}: ${argvOf(pid).join(' ')}`)).toEqual([]);
}

/** A process's argv, or [] once it is gone. */
export function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return [];
  }
}

/** After the test, SIGKILL whatever still runs for the deployment, by PID. */
export function cleanUpAfterTest(dir: string): void {
  onTestFinished(() => {
    for (const pid of processesUsing(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

export function pidIn(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}
