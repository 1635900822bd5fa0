// A builtin deployment in a throw-away state folder, for tests: builds profiles from inline models,
// applies them through the real driver (so a real supervisor runs), and cleans up everything it
// started when the test ends, by PID and process group.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createBuiltinDriver } from '../../../src/backends/builtin/driver.ts';
import type { BuiltinDriverOptions } from '../../../src/backends/builtin/driver.ts';
import { buildProfile } from '../../../src/build/build-profile.ts';
import { planSwitch } from '../../../src/deploy/plan-switch.ts';
import type { DeployedProfile, DeployEvent, Driver, InstanceStatus, SwitchPlan } from '../../../src/deploy/types.ts';
import type { ModelFunction } from '../../../src/load/load-model.ts';
import { runningSupervisor } from '../../../src/backends/builtin/supervisor/lock.ts';
import { controlPaths } from '../../../src/backends/builtin/supervisor/paths.ts';
import { readRecord } from '../../../src/backends/builtin/supervisor/child-record.ts';
import { isSameProcess, readProcStat } from '../../../src/process/proc-stat.ts';
import { signalGroup } from '../../../src/process/process-group.ts';
import { tempDir } from '../../support/temp-dir.ts';

export interface TestDeployment {
  stateDir: string;
  /** A folder for files the test's processes write. */
  outDir: string;
  driver: Driver;
  current: DeployedProfile | null;
  events: DeployEvent[];
  build(model: ModelFunction): Promise<DeployedProfile>;
  /** Builds the model and switches to it with a plan made by comparing store paths (as the generic layer does). */
  deploy(model: ModelFunction): Promise<DeployedProfile>;
  apply(profile: DeployedProfile, plan?: SwitchPlan): Promise<void>;
  status(): Promise<InstanceStatus[]>;
  statusOf(instance: string): Promise<InstanceStatus>;
  supervisorPid(): number | null;
  logFile(name: string): string;
  supervisorLog(): string;
}

export function testDeployment(options: { forceDisableUserChange?: boolean; driver?: BuiltinDriverOptions } = {}): TestDeployment {
  const root = tempDir('pf-');
  const stateDir = join(root, 'state');
  const driver = createBuiltinDriver(options.driver);
  const deployment: TestDeployment = {
    stateDir,
    outDir: root,
    driver,
    current: null,
    events: [],
    async build(model) {
      const prepared = await buildProfile({
        modelFile: join(stateDir, 'processes.ts'),
        model,
        processManager: 'builtin',
        dirs: { stateDir },
        forceDisableUserChange: options.forceDisableUserChange ?? true,
      });
      return { path: prepared.path, manifest: prepared.manifest };
    },
    async deploy(model) {
      const profile = await deployment.build(model);
      await deployment.apply(profile);
      return profile;
    },
    async apply(profile, plan = planSwitch(deployment.current?.manifest ?? null, profile.manifest)) {
      const old = deployment.current;
      deployment.current = profile;
      await driver.apply(plan, { old, new: profile }, (event) => deployment.events.push(event));
    },
    status: () => driver.status(deployment.current!),
    async statusOf(instance) {
      return (await deployment.status()).find((status) => status.instance === instance)!;
    },
    supervisorPid: () => runningSupervisor(controlPaths(join(stateDir, 'run')).pidFile),
    logFile: (name) => join(stateDir, 'log', `${name}.log`),
    supervisorLog: () => readFileSync(join(stateDir, 'log', 'procform-builtin.log'), 'utf8'),
  };
  // Registered after tempDir, so it runs before the folder is removed.
  onTestFinished(() => stopSupervisorOf(stateDir, async () => (deployment.current ? driver.stopManager!(deployment.current) : undefined)));
  return deployment;
}

/**
 * After a test: stops the state folder's supervisor gracefully (`stop`), and whatever is left
 * by force: the supervisor by PID, then the process groups it recorded.
 */
export async function stopSupervisorOf(stateDir: string, stop: () => Promise<unknown>): Promise<void> {
  const pid = runningSupervisor(controlPaths(join(stateDir, 'run')).pidFile);
  const startTime = pid === null ? 0 : (readProcStat(pid)?.startTime ?? 0);
  await Promise.race([stop().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 20_000))]);
  if (pid !== null && isSameProcess(pid, startTime)) process.kill(pid, 'SIGKILL');
  killRecordedGroups(stateDir);
}

/** Last resort after a failed test: SIGKILL the process groups the supervisor recorded. */
export function killRecordedGroups(stateDir: string): void {
  // No record: nothing was started.
  for (const group of readRecord(controlPaths(join(stateDir, 'run')).record)?.groups ?? []) {
    const leader = readProcStat(group.pgid);
    if (leader && leader.startTime === group.since) signalGroup(group.pgid, 'SIGKILL');
  }
}

/**
 * PIDs of living processes whose command line contains `marker` (a test's unique temp path), leaving
 * out forks of such a process (busybox httpd forks a short-lived handler per connection).
 */
export function processesWith(marker: string): number[] {
  const pids = matchingProcesses(marker);
  // A process that ended since the scan is not counted (busybox httpd forks a short-lived child
  // per connection, readiness probes included), and neither is a child of a counted one.
  return pids.filter((pid) => {
    const stat = readProcStat(pid);
    return stat !== null && stat.state !== 'Z' && !pids.includes(stat.ppid);
  });
}

function matchingProcesses(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSyncSafe('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = readProcStat(Number(entry))?.state;
      if (cmdline.includes(marker) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}

function readdirSyncSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
