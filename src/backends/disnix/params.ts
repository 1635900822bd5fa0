// What the disnix backend lowers a process to: upstream's createProcessScript (the Dysnomia
// `process` container's name, process wrapper and PID file) and what its wrapper script does,
// plus procform's portable semantics, which procform's switch and procform-daemonize carry out.
import type { LogSpec, ReadinessSpec, RestartSpec, StopSpec } from '../../model/types.ts';

export interface DisnixParams extends Record<string, unknown> {
  /** The Dysnomia configuration's name: `etc/dysnomia/process/<name>`. */
  name: string;
  instanceName: string;
  description: string;
  /** The executable the wrapper starts: the daemon, or the foreground process to daemonize. */
  process: string;
  args: string[];
  /** False: `process` only runs in the foreground and procform-daemonize turns it into a daemon. */
  processIsDaemon: boolean;
  pidFile: string;
  /** What the wrapper and a daemon print before it detaches, or all a daemonized process prints. */
  logFile: string;
  enableDaemonOutputLogging: boolean;
  /** The user to run as (with its supplementary groups), or null. */
  user: string | null;
  environment: Record<string, string>;
  path: string[];
  directory: string | null;
  umask: string | null;
  nice: number | null;
  /** Shell commands the wrapper runs before the process (as root when it changes user). */
  initialize: string;
  readiness: ReadinessSpec | null;
  restart: RestartSpec;
  stop: StopSpec;
  log: LogSpec;
  /** Names of the processes started before this one (Disnix's activatesAfter). */
  dependencies: string[];
}
