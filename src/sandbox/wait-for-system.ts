import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxBootError } from './errors.ts';
import type { SandboxExecOptions, SandboxExecResult, SystemState } from './types.ts';

type Exec = (command: readonly string[], options?: SandboxExecOptions) => Promise<SandboxExecResult>;

// States after which waiting longer cannot help.
const hopeless = new Set(['maintenance', 'stopping']);

/**
 * Waits until systemd inside a sandbox has finished booting, as `systemctl is-system-running
 * --wait` sees it: running, or degraded with the failed units named (a test usually wants to know
 * which, and a degraded machine can still be tested). Before systemd listens on its socket,
 * systemctl answers `offline` or fails; that is retried.
 */
export async function waitForSystem(sandboxId: string, exec: Exec, timeoutMs: number): Promise<SystemState> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const result = await exec(['systemctl', 'is-system-running', '--wait'], { user: 'root', timeoutMs: Math.max(deadline - Date.now(), 1) });
    last = (result.stdout.trim() || result.stderr.trim()).split('\n').pop() ?? '';
    if (last === 'running' || last === 'degraded') {
      return { state: last, failedUnits: last === 'degraded' ? await failedUnits(exec) : [] };
    }
    if (hopeless.has(last)) break;
    await sleep(20);
  }
  const failed = await failedUnits(exec);
  const jobs = await exec(['systemctl', 'list-jobs', '--no-pager'], { user: 'root', timeoutMs: 5000 });
  const journal = await exec(['journalctl', '--boot', '--no-pager', '--lines=30'], { user: 'root', timeoutMs: 5000 });
  throw new SandboxBootError(
    [
      `systemd in sandbox ${sandboxId} did not finish booting in time (waited ${timeoutMs} ms; last state: ${last || 'unknown'})`,
      failed.length > 0 ? `failed units: ${failed.join(', ')}` : '',
      jobs.stdout.trim(),
      journal.stdout.trim() && `end of the boot log:\n${journal.stdout.trim()}`,
    ]
      .filter(Boolean)
      .join('\n'),
    { hint: 'A unit the boot waits for hangs or fails; see the jobs and the boot log above.' },
  );
}

async function failedUnits(exec: Exec): Promise<string[]> {
  const result = await exec(['systemctl', 'list-units', '--failed', '--plain', '--no-legend', '--no-pager'], { user: 'root', timeoutMs: 5000 });
  return result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}
