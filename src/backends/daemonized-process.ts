// What the managers without a process of their own (sysvinit, disnix) share: the parameters of the
// program their script starts (a daemon, or a foreground program procform-daemonize runs for them),
// as whom and how, with procform's portable semantics; and the part of the instance info their
// drivers read back from the store entry to find it (PID file, log, daemonizer status, readiness).
import type { Command, LogSpec, ProcessContext, ProcessSpec, ReadinessSpec, RestartSpec, StopSpec } from '../model/types.ts';
import { daemonizeStatusFile } from '../runtime/daemonizer/command.ts';
import type { PidFileInstance } from '../runtime/pid-file-status.ts';

export interface DaemonizedProcessParams {
  /** The script's (or process wrapper's) name, and the name of its PID file and log. */
  name: string;
  instanceName: string;
  /** For the script's header and progress messages. */
  description: string;
  /** The executable the script starts: the daemon, or the foreground process to daemonize. */
  process: string;
  args: string[];
  /** False: `process` only runs in the foreground and procform-daemonize turns it into a daemon. */
  processIsDaemon: boolean;
  pidFile: string;
  /** What the script and a daemon print before it detaches, or all a daemonized process prints. */
  logFile: string;
  enableDaemonOutputLogging: boolean;
  /** The user to run as (with its supplementary groups), or null. */
  user: string | null;
  environment: Record<string, string>;
  path: string[];
  directory: string | null;
  umask: string | null;
  nice: number | null;
  /** Shell commands run before the process, as root when it changes user (with `set -e`). */
  initialize: string;
  readiness: ReadinessSpec | null;
  restart: RestartSpec;
  stop: StopSpec;
  log: LogSpec;
  /** Names of the processes started before this one. */
  dependencies: string[];
}

/** The shared parameters of a process started as `daemon` (its daemon command), or daemonized when that is null. */
export function daemonizedProcessParams(spec: ProcessSpec, ctx: Pick<ProcessContext, 'logDir'>, daemon: Command | null): DaemonizedProcessParams {
  const command = daemon ?? spec.foreground!;
  return {
    name: spec.name,
    instanceName: spec.instanceName,
    description: spec.description,
    process: command.executable,
    args: command.args,
    processIsDaemon: daemon !== null,
    pidFile: spec.pidFile,
    // Upstream's nixproc-<name>.log; in logDir even for a process with a user, since the script
    // (root) opens it, not the process.
    logFile: `${ctx.logDir}/${spec.name}.log`,
    enableDaemonOutputLogging: true,
    user: spec.user,
    environment: spec.environment,
    path: spec.path,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    initialize: spec.initialize,
    readiness: spec.readiness,
    restart: spec.restart,
    stop: spec.stop,
    log: spec.log,
    dependencies: spec.dependencies,
  };
}

export interface DaemonizedInstanceInfo extends PidFileInstance {
  name: string;
  /** Whether `log` readiness must skip line timestamps. */
  timestamps: boolean;
}

/** What the driver reads back to find the process (overrides may have changed the params), with procform-daemonize's status file. */
export function daemonizedInstanceInfo(params: DaemonizedProcessParams, ctx: Pick<ProcessContext, 'runtimeDir'>): DaemonizedInstanceInfo {
  return {
    name: params.name,
    pidFile: params.pidFile,
    logFile: params.enableDaemonOutputLogging ? params.logFile : null,
    daemonizeStatusFile: params.processIsDaemon ? null : daemonizeStatusFile(ctx.runtimeDir, params.name),
    readiness: params.readiness,
    timestamps: params.log.timestamps && !params.processIsDaemon,
  };
}
