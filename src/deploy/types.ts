// The contract between the generic deployment (switch, rollback, down, status, logs, up) and each
// process manager's driver (src/backends/<name>/driver.ts). The generic part decides *what* changes
// (plan.ts, pure); a driver decides *how* its process manager is told.
import type { Manifest, ManifestInstance } from '../build/manifest.ts';

/** A built profile: its store path and its manifest. */
export interface DeployedProfile {
  path: string;
  manifest: Manifest;
}

/**
 * What a switch does. `stop` is in reverse dependency order of the old profile, `start` in
 * dependency order of the new one. `keep` instances are unchanged: a driver must not touch a kept
 * instance that runs, and must start one that does not (it crashed for good, or its manager was
 * restarted), so that after apply every instance of the new profile runs.
 */
export interface SwitchPlan {
  stop: ManifestInstance[];
  start: ManifestInstance[];
  keep: ManifestInstance[];
  /**
   * Instances (in both stop and start) to restart even when they already run the wanted
   * configuration (`procform restart`). A driver that otherwise skips stopping such an instance (to
   * make repeating a switch harmless) must stop it.
   */
  restart?: string[];
}

/** Progress of a deployment, rendered by one formatter (src/deploy/format-event.ts). */
export type DeployEvent =
  | { kind: 'stopping' | 'stopped' | 'starting' | 'started' | 'ready'; instance: string }
  | { kind: 'failed'; instance: string; reason: string }
  | { kind: 'info'; message: string };

export type EventSink = (event: DeployEvent) => void;

export type InstanceState = 'running' | 'starting' | 'backoff' | 'stopped' | 'failed' | 'unknown';

export interface InstanceStatus {
  instance: string;
  name: string;
  state: InstanceState;
  pid: number | null;
  /** When the current run started (ms since the epoch), if known. */
  startedAt: number | null;
  restarts: number | null;
  /** Whether its readiness check passed; null when the process manager cannot tell. */
  ready: boolean | null;
  /** For failed instances: why, in words ("exited 127: command not found"), with the last log lines. */
  reason?: string;
}

export interface LogOptions {
  /** How many of the last lines to print first. */
  lines: number;
  /** Keep printing new lines until the signal aborts. */
  follow: boolean;
  /** Only lines written at or after this time (ms since the epoch). */
  since?: number;
  /** Start every line with the time it was written, or the nearest time known (src/logs/log-times.ts). */
  timestamps?: boolean;
  signal?: AbortSignal;
}

/**
 * How a driver starts instances of a switch, for src/deploy/batched-calls.ts (startBatched).
 * `start` starts one and returns once its start counts (ready, or up MIN_UPTIME_MS), throwing when
 * it fails. A process manager that can start several with one call of its own (s6-rc's `s6-rc -u
 * change a b c`) offers `startBatch`: it is called once per group of instances that may start
 * together (no dependency between them, at most maxConcurrentStarts()), only with instances
 * `batches` accepts (all when it is absent), and resolves with each member's outcome (null: its
 * start counts; an Error saying why it failed), without throwing for one member's failure. Events
 * (starting, started or ready) stay per instance; startBatched reports them.
 */
export interface InstanceStarter {
  start(entry: ManifestInstance): Promise<void>;
  startBatch?(entries: readonly ManifestInstance[]): Promise<Map<string, Error | null>>;
  batches?(entry: ManifestInstance): boolean;
}

/** How a backend deploys. Its contract (what a driver may and may not do) is written out in src/backends/types.ts. */
export interface Driver {
  /**
   * Makes the running system match `profiles.new` by carrying out `plan`: stop, then start (each
   * dependent only once its dependencies are ready), and ensure kept instances run. It starts the
   * process manager itself first if it must (and can). Throws a ProcformError naming the instance
   * when one fails to stop or to become ready; a later switch repairs what is left. Once `cancel`
   * aborts, a driver that can (builtin) starts nothing more and stops waiting, and throws.
   */
  apply(plan: SwitchPlan, profiles: { old: DeployedProfile | null; new: DeployedProfile }, events: EventSink, cancel?: AbortSignal): Promise<void>;
  status(profile: DeployedProfile): Promise<InstanceStatus[]>;
  /** Writes the instance's log lines (stdout and stderr) to `write`, oldest first. */
  logs(profile: DeployedProfile, instance: ManifestInstance, options: LogOptions, write: (line: string) => void): Promise<void>;
  /**
   * Stops, or starts, only these instances of the deployed profile and leaves every other as it is,
   * as `supervisorctl stop NAME` does (`procform top`'s and the dashboard's keys). The next switch
   * starts a stopped instance again, as it starts every instance that should run. Absent when the
   * process manager cannot do it without touching the rest.
   */
  control?(profile: DeployedProfile, instances: readonly ManifestInstance[], action: 'start' | 'stop', events: EventSink): Promise<void>;
  /** After `down` stopped every instance: stop the process manager itself, if procform started it. */
  stopManager?(profile: DeployedProfile): Promise<void>;
}
