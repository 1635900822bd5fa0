// A throw-away supervisord deployment for one test: its own state folder, the CLI pointed at it,
// and a cleanup that leaves nothing behind whatever the test did (down, then the supervisord by
// PID, then any process that still carries the deployment's socket in its environment).
import { readFileSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onTestFinished } from 'vitest';
import { findLeftoverProcesses, stopLeftoverProcesses } from '../../../src/backends/supervisord/leftover-processes.ts';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { supervisordPaths } from '../../../src/backends/supervisord/paths.ts';
import type { InstanceStatus } from '../../../src/deploy/types.ts';
import { resolveDeploymentDirs } from '../../../src/model/deployment-dirs.ts';
import type { CliResult } from '../../support/cli.ts';
import { runCliIn, statusByInstance } from '../../support/cli.ts';

export interface TestDeployment {
  dir: string;
  stateDir: string;
  socket: string;
  /** Any procform command, pointed at this deployment. */
  cli(args: string[], options?: { timeoutMs?: number }): Promise<CliResult>;
  /** procform switch -P supervisord MODEL ARGS…, failing the test when it fails. */
  switchTo(model: string, args?: string[]): Promise<CliResult>;
  status(): Promise<Record<string, InstanceStatus>>;
  supervisordPid(): number | null;
  /** Live processes of the deployment (not supervisord itself). */
  processes(): Promise<number[]>;
}

export function supervisordDeployment(options: { privileged?: boolean; downOnCleanup?: boolean } = {}): TestDeployment {
  // Our own folder rather than tempDir(): it must outlive everything that runs from it.
  const dir = mkdtempSync(join(tmpdir(), 'procform-sv-'));
  // Privileged programs run as other users, who must reach the store inside.
  chmodSync(dir, 0o755);
  const stateDir = join(dir, 'state');
  const paths = supervisordPaths(resolveDeploymentDirs({ stateDir }));
  const cli = (args: string[], { timeoutMs }: { timeoutMs?: number } = {}) => runCliIn(stateDir, args, timeoutMs === undefined ? {} : { timeoutMs });
  const supervisordPid = (): number | null => {
    const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  };
  const deployment: TestDeployment = {
    dir,
    stateDir,
    socket: paths.socket,
    cli,
    async switchTo(model, args = []) {
      const result = await cli(['switch', '-P', 'supervisord', ...(options.privileged ? [] : ['--force-disable-user-change']), ...args, model]);
      if (result.code !== 0) throw new Error(`procform switch ${model} failed (${result.code}):\n${result.stderr}`);
      return result;
    },
    async status() {
      const result = await cli(['status', '--json']);
      // 3: an instance is not as deployed (failed, restarting), which the table shows.
      if (result.code !== 0 && result.code !== 3) throw new Error(`procform status failed:\n${result.stderr}`);
      const statuses = statusByInstance(result.stdout);
      return statuses;
    },
    supervisordPid: () => {
      try {
        return supervisordPid();
      } catch {
        return null;
      }
    },
    processes: () => findLeftoverProcesses(paths.socket),
  };
  onTestFinished(async () => {
    // Not for deployments made in a private /etc: down here would remove accounts from the machine's.
    if (options.downOnCleanup ?? true) await cli(['down']).catch(() => undefined);
    const pid = deployment.supervisordPid();
    if (pid !== null && isRunning(pid)) {
      process.kill(pid, 'SIGTERM');
      for (let waited = 0; waited < 100 && isRunning(pid); waited += 1) await sleep(100);
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    }
    await stopLeftoverProcesses(paths.socket, 2000);
    rmSync(dir, { recursive: true, force: true });
  });
  return deployment;
}

/** /proc/PID/cmdline as an argv. */
export function commandLineOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
}
