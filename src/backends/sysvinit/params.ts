// What the sysvinit backend lowers a process to: upstream's createSystemVInitScript parameters
// (same names, so upstream-style overrides such as `overrides.sysvinit.runlevels` or
// `instructions.start.instruction` work), plus procform's portable semantics.
import type { LogSpec, ReadinessSpec, RestartSpec, StopSpec } from '../../model/types.ts';

/** One generated activity: its progress word ("Starting") and the shell commands it runs. */
export interface Instruction {
  activity: string;
  instruction: string;
}

export interface SysvinitParams extends Record<string, unknown> {
  /** The script's name: `etc/rc.d/init.d/<name>`, and the LSB `Provides:`. */
  name: string;
  instanceName: string;
  /** Used in the LSB header and the progress messages. */
  description: string;
  /** The executable the script starts: the daemon, or the foreground process to daemonize. */
  process: string;
  args: string[];
  /** False: `process` only runs in the foreground and procform-daemonize turns it into a daemon. */
  processIsDaemon: boolean;
  pidFile: string;
  /** Output before a daemon detaches, or everything a daemonized foreground process prints. */
  logFile: string;
  enableDaemonOutputLogging: boolean;
  /** The user to run as (with its supplementary groups), or null. */
  user: string | null;
  environment: Record<string, string>;
  path: string[];
  directory: string | null;
  umask: string | null;
  nice: number | null;
  /** Shell commands run as root before starting (in a subshell with `set -e`). */
  initialize: string;
  readiness: ReadinessSpec | null;
  restart: RestartSpec;
  stop: StopSpec;
  log: LogSpec;
  /** Sent by `reload`, to the process only. */
  reloadSignal: string;
  /** Emitted first: sources procform's init functions. */
  initialInstructions: string;
  /** Emitted after initialInstructions, before the environment. */
  globalInstructions: string;
  /** Merged over the generated start/stop/reload instructions, per activity. */
  instructions: Record<string, Partial<Instruction>>;
  /** Raw shell per activity, over the generated ones. */
  activities: Record<string, string>;
  removeActivities: string[];
  /** Runlevels to start in (`Default-Start`); the others get kill links. Empty: defaultStart/defaultStop. */
  runlevels: number[];
  defaultStart: number[];
  defaultStop: number[];
  /** Names of the processes started before this one (LSB `Should-Start`). */
  dependencies: string[];
  /** Start sequence number: 0 without dependencies, else the highest of theirs plus one. */
  sequence: number;
}

export const SUPPORTED_RUNLEVELS = [0, 1, 2, 3, 4, 5, 6] as const;
/** Upstream fails to start anything without runlevels (its quirk 23); ours start in the multi-user ones. */
export const DEFAULT_RUNLEVELS = [2, 3, 4, 5];
export const MIN_SEQUENCE = 0;
export const MAX_SEQUENCE = 99;
