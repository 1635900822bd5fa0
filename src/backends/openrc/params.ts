// What the openrc backend lowers a process to: the variables of an openrc-run script (same names,
// so overrides such as `overrides.openrc.respawn_delay` read as OpenRC's documentation), plus
// procform's portable semantics.
import type { LogSpec, ReadinessSpec, RestartSpec, StopSpec } from '../../model/types.ts';

/**
 * How the script starts the process: `daemonize` a foreground process under procform-daemonize
 * (the default); `supervise` a foreground process under supervise-daemon (an override: OpenRC's own
 * respawning, which tells how a run ended only to syslog); `daemon` a program that forks, with
 * OpenRC's start-stop-daemon.
 */
export type OpenrcMode = 'supervise' | 'daemonize' | 'daemon';

export interface OpenrcParams extends Record<string, unknown> {
  /** The service's name: etc/init.d/<name>, and rc-service's argument. */
  name: string;
  description: string;
  mode: OpenrcMode;
  command: string;
  command_args: string[];
  /** supervise: supervise-daemon's own PID file; otherwise the daemon's (procform-daemonize's). */
  pidfile: string;
  /** stdout and stderr (output_log, error_log). */
  output_log: string;
  command_user: string | null;
  directory: string | null;
  umask: string | null;
  nicelevel: number | null;
  environment: Record<string, string>;
  path: string[];
  /** Shell commands run in start_pre, as root. */
  initialize: string;
  /** supervise-daemon's fixed delay before a respawn, in seconds, and how many it makes in respawn_period seconds. */
  respawn_delay: number;
  respawn_max: number;
  respawn_period: number;
  /** `need` in depend(): started before this one; rc-service starts them with it. */
  need: string[];
  /** Extra lines of depend() (`use logger`, `after net`, `keyword -docker`). */
  depend: string[];
  readiness: ReadinessSpec | null;
  restart: RestartSpec;
  stop: StopSpec;
  log: LogSpec;
}
