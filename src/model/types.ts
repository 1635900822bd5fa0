// The processes model as users write it (params) and as backends receive it (specs).
// Everything here is plain data, so a model serializes, hashes and diffs without ceremony.
import type { BuildTarget } from '../target/build-target.ts';

/** Milliseconds, or a string with a unit: '250ms', '5s', '2m', '1h'. */
export type Duration = number | string;

/** A size in bytes, or a string with a unit: '512k', '10M', '1G' (powers of 1024). */
export type Size = number | string;

/** A program looked up on PATH at build time, with a hint on how to install it when it is missing. */
export interface Executable {
  kind: 'executable';
  name: string;
  install?: string;
}

/** An executable given as an absolute path, a command name looked up on PATH, or an {@link Executable}. */
export type ExecutableRef = string | Executable;

export type Arg = string | number;

/** Readiness: when a process counts as ready, so that its dependents may start. */
export type Readiness = (
  | { kind: 'tcp'; port: number; host?: string }
  | { kind: 'http'; url: string; status?: number }
  | { kind: 'exec'; command: string | string[] }
  | { kind: 'log'; pattern: string }
  | { kind: 'file'; path: string }
) & {
  /** Give up (the instance fails) when not ready after this long. Default 60s. */
  timeout?: Duration;
  /** Time between two probes. Default 100ms. */
  interval?: Duration;
};

/**
 * Liveness: a check run periodically once the instance is ready; after `failures` failed attempts
 * in a row the process counts as hung and is restarted. Only probes that ask the process something
 * make sense here (a log line or a file, once there, stay there).
 */
export type Liveness = (
  | { kind: 'tcp'; port: number; host?: string }
  | { kind: 'http'; url: string; status?: number }
  | { kind: 'exec'; command: string | string[] }
) & {
  /** Time between two attempts. Default 10s. */
  period?: Duration;
  /** An attempt that has no answer after this long failed. Default 5s. */
  timeout?: Duration;
  /** Failed attempts in a row before the process is restarted. Default 3. */
  failures?: number;
  /** The first attempt comes this long after the instance became ready. Default 0. */
  after?: Duration;
};

export type RestartPolicyName = 'no' | 'on-failure' | 'always';

export interface Backoff {
  /** Delay before the first restart. Default 100ms. */
  initial?: Duration;
  /** Each further restart waits this many times longer. Default 2. */
  multiplier?: number;
  /** The delay never grows beyond this. Default 30s. */
  max?: Duration;
  /** After this many restarts without a run of `resetAfter`, the instance is failed. Default 10. */
  maxRestarts?: number;
  /** A run at least this long forgets earlier restarts. Default 60s. */
  resetAfter?: Duration;
}

export type Restart = RestartPolicyName | { policy?: RestartPolicyName; backoff?: Backoff };

export interface Stop {
  /** Signal sent to the process group. Default SIGTERM. */
  signal?: string;
  /** SIGKILL follows after this long. Default 10s. */
  timeout?: Duration;
}

export interface Log {
  /** Prefix every captured line with an ISO 8601 timestamp. Default false. */
  timestamps?: boolean;
  /** Size-based rotation of the instance's log file; `false` turns it off. Default { maxSize: '10M', keep: 5 }. */
  rotate?: false | { maxSize?: Size; keep?: number };
}

export interface GroupProperties {
  gid?: number;
  [property: string]: unknown;
}

export interface UserProperties {
  uid?: number;
  group?: string;
  description?: string;
  homeDir?: string;
  createHomeDir?: boolean;
  shell?: string;
  [property: string]: unknown;
}

export interface Credentials {
  groups?: Record<string, GroupProperties>;
  users?: Record<string, UserProperties>;
}

/**
 * A per-process-manager override: an object deep-merged into the generated parameters,
 * or a function that receives them and returns the parameters to use.
 */
export type Override = Record<string, unknown> | ((generated: Record<string, unknown>) => Record<string, unknown>);

/** A dependency is a reference to another instance (or its `pkg`), never a name. */
export type Dependency = ManagedProcess | Instance;

/** Every parameter of upstream's createManagedProcess, plus the portable semantics upstream lacks. */
export interface ManagedProcessParams {
  name?: string;
  instanceName?: string;
  description?: string;
  /** An executable that runs both in the foreground and as a daemon; the default for both. */
  process?: ExecutableRef;
  args?: Arg[];
  foregroundProcess?: ExecutableRef;
  foregroundProcessArgs?: Arg[];
  foregroundProcessExtraArgs?: Arg[];
  daemon?: ExecutableRef;
  daemonArgs?: Arg[];
  daemonExtraArgs?: Arg[];
  environment?: Record<string, string | number | boolean>;
  directory?: string;
  /** Folders prepended to PATH (for example a package's bin folder). */
  path?: string[];
  umask?: string | number;
  nice?: number | string;
  user?: string;
  credentials?: Credentials;
  pidFile?: string;
  dependencies?: Dependency[];
  /** Shell commands that prepare state; they run before the process, as root when privileged. */
  initialize?: string;
  readiness?: Readiness;
  liveness?: Liveness;
  restart?: Restart;
  stop?: Stop;
  log?: Log;
  /** TCP ports this process listens on, checked for conflicts. */
  ports?: number[];
  overrides?: Record<string, Override>;
}

/** What createManagedProcess returns: its parameters, tagged. */
export interface ManagedProcess extends ManagedProcessParams {
  kind: 'managed-process';
}

/**
 * A container an instance provides: a place other services are deployed into (a database server
 * hosting databases, a Tomcat hosting web applications), as Disnix's container providers describe
 * them for capture-infra (upstream §9.5). Plain data, recorded in the profile's manifest.
 */
export interface Container {
  /** Unique on its machine, and derived from the instance's suffix: `mariadb-database-primary`. */
  name: string;
  /** What it hosts, the kind of service deployed into it: `mariadb-database`, `tomcat-webapplication`. */
  type: string;
  /** What a service deployed into it needs to reach it: port, socket, user, catalina base, … */
  properties: Record<string, string | number | boolean>;
}

/** One entry of a processes model: the process plus any properties other instances and tests read. */
export interface Instance {
  pkg: ManagedProcess;
  requiresUniqueIdsFor?: string[];
  /** The container this instance provides to other services, if it is a container provider. */
  providesContainer?: Container;
  [property: string]: unknown;
}

export type Instances = Record<string, Instance>;

/** Unique IDs assigned per pool: ids[pool][instance] = n. */
export type Ids = Record<string, Record<string, number>>;

export interface WriteTextFileOptions {
  name: string;
  text: string;
  executable?: boolean;
  /** Put the file at this path inside a store folder (for example '/index.html'); the folder's path is returned. */
  destination?: string;
  /**
   * Readable only by the user who deploys (root for a privileged deployment), not by everyone: for
   * a file holding secrets that only the process manager or a script run before privileges are
   * dropped reads. A process running as its own user cannot read it.
   */
  private?: boolean;
}

/** The folders a deployment uses, following upstream's conventions. */
export interface DeploymentDirs {
  stateDir: string;
  runtimeDir: string;
  logDir: string;
  cacheDir: string;
  libDir: string;
  spoolDir: string;
  lockDir: string;
  tmpDir: string;
}

/** What a processes model and its constructors receive. */
export interface ProcessContext extends DeploymentDirs {
  /** Where generated files live, content-addressed. */
  storeDir: string;
  /** True for unprivileged deployments: no users are created and no process changes user. */
  forceDisableUserChange: boolean;
  /** The process manager the model is built for ('none' for the agnostic JSON configuration). */
  processManager: string;
  ids: Ids;
  /** Model-specific parameters, from --extra-params. */
  extraParams: Record<string, unknown>;
  callingUser: string;
  callingGroup: string;
  /**
   * The system the profile is built for (this machine unless the build says otherwise): where its
   * Node and procform are, which executables and accounts it has. Constructors ask it, not the build host.
   */
  target: BuildTarget;
  /** Writes a text file into the store (at build time) and returns its path. */
  writeTextFile(options: WriteTextFileOptions): string;
  /** Writes an executable script into the store and returns its path. */
  writeScript(name: string, text: string): string;
}

/** A processes model: a function from the context to the instances. */
export interface ProcessesModel {
  kind: 'processes-model';
  instances: (ctx: ProcessContext) => Instances;
}

// ---- Normalized specs: what backends lower. Defaults applied, executables absolute, JSON-serializable. ----

export interface Command {
  executable: string;
  args: string[];
}

/** What one probe checks, shared by readiness and liveness checks. */
export type ProbeSpec =
  | { kind: 'tcp'; port: number; host: string }
  | { kind: 'http'; url: string; status: number | null }
  | { kind: 'exec'; command: string[] }
  | { kind: 'log'; pattern: string }
  | { kind: 'file'; path: string };

export type ReadinessSpec = ProbeSpec & { timeoutMs: number; intervalMs: number };

export type LivenessSpec = Extract<ProbeSpec, { kind: 'tcp' | 'http' | 'exec' }> & {
  periodMs: number;
  timeoutMs: number;
  failures: number;
  afterMs: number;
};

export interface RestartSpec {
  policy: RestartPolicyName;
  backoff: { initialMs: number; multiplier: number; maxMs: number; maxRestarts: number; resetAfterMs: number };
}

export interface StopSpec {
  signal: string;
  timeoutMs: number;
}

export interface LogSpec {
  timestamps: boolean;
  rotate: { maxBytes: number; keep: number } | null;
}

export interface ProcessSpec {
  /** The instance's key in the model: procform's identity for it (status, logs, IDs, manifests). */
  instance: string;
  /** The process manager's name for it (unit, program or script name). */
  name: string;
  instanceName: string;
  description: string;
  foreground: Command | null;
  daemon: Command | null;
  environment: Record<string, string>;
  path: string[];
  directory: string | null;
  umask: string | null;
  nice: number | null;
  /** The user to run as, or null (always null when user change is disabled). */
  user: string | null;
  /** The user the model declared, even when user change is disabled (it decides where PID files go). */
  declaredUser: string | null;
  credentials: { groups: Record<string, GroupProperties>; users: Record<string, UserProperties> };
  /** The explicit PID file, or the conventional one: <runtimeDir or, with a user, tmpDir>/<instanceName>.pid. */
  pidFile: string;
  /** Names of the processes this one depends on. */
  dependencies: string[];
  initialize: string;
  readiness: ReadinessSpec | null;
  /**
   * Absent when the model has none (not null): specs, manifests and store paths of models without
   * one stay byte for byte what they were before liveness checks existed, so upgrading procform
   * restarts nothing.
   */
  liveness?: LivenessSpec;
  restart: RestartSpec;
  stop: StopSpec;
  log: LogSpec;
  ports: number[];
}
