// The one interface every process manager implements. A backend is a folder under src/backends/
// with lower.ts and render.ts (pure) and, when it can deploy, driver.ts (effects).
//
// The Driver contract (the interface is in src/deploy/types.ts), for every driver:
// - `apply` carries out the plan it is given; it never re-plans from live state (it may skip a start
//   of an instance that already runs exactly its new configuration, and must start kept instances
//   that do not run). Stops go dependents first, starts dependencies first, through the one
//   scheduler (src/deploy/run-in-order.ts: runInOrder, then throwFirstFailure): a failed instance
//   keeps only its dependents from starting, they are reported `failed` ("not started: its
//   dependency X failed"), everything else still starts.
// - A start counts once the instance passed its readiness check or, without one, ran
//   MIN_UPTIME_MS (src/runtime/backoff.ts); a start that never gets there fails.
// - A failure is an InstanceFailedError (src/deploy/instance-failed.ts): `instance "X" failed: `
//   and the reason in one format: how it ended in words (explainExit: "exited 127: command not
//   found", "was killed by SIGKILL (killed)"), then withLastLines: the last lines of its log.
// - `status` returns one InstanceStatus per instance of the profile, in its start order, with the
//   same fields everywhere (state, pid of the program itself, startedAt, restarts, ready, reason
//   when failed), probing readiness once with STATUS_PROBE_TIMEOUT_MS; it never starts anything.
// - Every wait on a child or on the manager has a deadline.
// - What a manager lacks comes from the shared runtime (src/runtime/), never from a copy in the
//   backend's folder; `--explain` takes its words from the runtime part that does the work.
import type { Driver } from '../deploy/types.ts';
import type { ValidatedProcessParams } from '../model/schema.ts';
import type { ProcessContext, ProcessSpec } from '../model/types.ts';
import type { FileNode } from '../store/store-entry.ts';

export interface LowerInput {
  spec: ProcessSpec;
  /** Every process of the model by name, for what depends on dependencies (priorities, sequence numbers). */
  processes: ReadonlyMap<string, ProcessSpec>;
  /** Store paths of the dependencies' own entries, already built (dependencies come first). */
  dependencyStorePaths: ReadonlyMap<string, string>;
  /** The parameters as the model gave them, validated but without defaults. */
  params: ValidatedProcessParams;
  /** Folders, user handling, and writeTextFile / writeScript for wrappers the backend needs. */
  ctx: ProcessContext;
}

/** A file's text (not executable), or a full file node. */
export type RenderedFile = string | FileNode;

/**
 * The features `--explain` reports on, named the same way by every backend. A backend lists the
 * ones an instance uses (and always ordering, readiness, restart and stop). `liveness` is claimed
 * `dropped` for every backend whose explain does not name it (explainLiveness, in the build).
 */
export const CAPABILITY_FEATURES = [
  'mode',
  'ordering',
  'readiness',
  'liveness',
  'restart',
  'backoff',
  'stop',
  'user',
  'credentials',
  'initialize',
  'environment',
  'directory',
  'umask',
  'nice',
  'logs',
  'log timestamps',
  'log rotation',
] as const;

/** How a backend treats one portable feature of one instance (`procform build --explain`). */
export interface Capability {
  feature: (typeof CAPABILITY_FEATURES)[number];
  support: 'native' | 'emulated' | 'dropped';
  detail: string;
}

export interface ProfileInstance {
  spec: ProcessSpec;
  storePath: string;
  params: Record<string, unknown>;
}

export interface Backend<Params extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  /** The agnostic process → this manager's parameters. Overrides are applied to the result. */
  lower(input: LowerInput): Params;
  /** Parameters (overrides applied) → the files of the instance's store entry, by relative path. */
  render(params: Params, input: LowerInput): Record<string, RenderedFile>;
  /** Files of the profile as a whole, beside the instances' (for example a base configuration). */
  renderProfile?(instances: readonly ProfileInstance[], ctx: ProcessContext): Record<string, RenderedFile>;
  /** Per feature: native, emulated by a wrapper, or dropped. */
  explain?(params: Params, input: LowerInput): Capability[];
  /**
   * Its rendered files hold no secrets and may be read by everyone. Otherwise they are readable by
   * the deploying user alone (they hold the instance's environment; the process manager reads them
   * as that user).
   */
  publicFiles?: boolean;
  /** For a backend without a driver: why it cannot deploy and what to do instead (the error's hint). */
  cannotDeploy?: string;
  /** How to deploy to this process manager; loaded only when deploying. Absent: build only. */
  driver?(): Promise<Driver>;
}
