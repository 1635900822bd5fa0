import { formatUptime } from '../cli/format-status.ts';
import { currentProfile, NothingDeployedError, nothingDeployed } from '../deploy/current-profile.ts';
import type { Deployment } from '../deploy/deployment.ts';
import type { DeployedProfile } from '../deploy/types.ts';
import { formatCpu, formatMemory } from '../live/format-usage.ts';
import { collectInstanceRows } from '../live/instance-rows.ts';
import type { ProcessUsage } from '../live/process-usage.ts';

/** What the page shows of the deployment now, sent as JSON: cells formatted as `procform top` formats them. */
export interface DashboardState {
  processManager: string | null;
  stateDir: string;
  profileName: string;
  /** Changes with every switch: the page then fetches the graph again. */
  profilePath: string | null;
  /** The last switch did not finish: these are the instances it was deploying. */
  unfinished: boolean;
  /** Set when nothing is deployed, in `procform status`'s words. */
  nothingDeployed: string | null;
  instances: {
    instance: string;
    state: string;
    pid: number | null;
    uptime: string;
    restarts: string;
    ready: string;
    cpu: string;
    memory: string;
    reason: string | null;
  }[];
}

/** The profile the deployment runs, or null when nothing is deployed. */
export async function deployedProfile(deployment: Deployment): Promise<(DeployedProfile & { unfinished: boolean }) | null> {
  return currentProfile(deployment).catch((error: unknown) => {
    if (error instanceof NothingDeployedError) return null;
    throw error;
  });
}

/** The deployment's state now, and the profile it was read from (null when nothing is deployed). */
export async function dashboardState(deployment: Deployment, sample: (pids: readonly number[]) => Map<number, ProcessUsage>): Promise<{ state: DashboardState; profile: DeployedProfile | null }> {
  const base = { stateDir: deployment.dirs.stateDir, profileName: deployment.profiles.name };
  const profile = await deployedProfile(deployment);
  if (profile === null) return { state: { ...base, processManager: null, profilePath: null, unfinished: false, nothingDeployed: nothingDeployed(deployment), instances: [] }, profile: null };
  const rows = await collectInstanceRows(profile, sample);
  const now = Date.now();
  return {
    profile,
    state: {
      ...base,
      processManager: profile.manifest.processManager,
      profilePath: profile.path,
      unfinished: profile.unfinished,
      nothingDeployed: rows.length === 0 ? nothingDeployed(deployment) : null,
      instances: rows.map((row) => ({
        instance: row.instance,
        state: row.state,
        pid: row.pid,
        uptime: row.startedAt === null || row.state !== 'running' ? '-' : formatUptime(now - row.startedAt),
        restarts: row.restarts === null ? '-' : String(row.restarts),
        ready: row.ready === null ? '-' : row.ready ? 'yes' : 'no',
        cpu: formatCpu(row.cpuPercent),
        memory: formatMemory(row.memoryBytes),
        reason: row.reason ?? null,
      })),
    },
  };
}
