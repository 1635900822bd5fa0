import type { LowerInput } from '../types.ts';
import type { OpenrcMode, OpenrcParams } from './params.ts';

/**
 * The agnostic process → an openrc-run script. A foreground process runs under procform-daemonize
 * (the shared runtime's daemonizer), started by OpenRC's start-stop-daemon: it restarts with the
 * model's backoff, writes the log with timestamps when asked, and knows how each run ended, which
 * the start rule's failure must say (runtime/backoff.ts) and supervise-daemon tells only syslog.
 * `overrides.openrc.mode = 'supervise'` runs it under supervise-daemon instead (OpenRC's own
 * respawning, a fixed delay). A process given only as a daemon runs with start-stop-daemon.
 */
export function lowerOpenrc({ spec, ctx }: LowerInput): OpenrcParams {
  const mode: OpenrcMode = spec.foreground === null ? 'daemon' : 'daemonize';
  const command = (spec.foreground ?? spec.daemon)!;
  const { backoff } = spec.restart;
  return {
    name: spec.name,
    description: spec.description,
    mode,
    command: command.executable,
    command_args: command.args,
    // supervise-daemon (mode overridden) writes its own PID there, procform-daemonize the program's.
    pidfile: spec.pidFile,
    output_log: `${ctx.logDir}/${spec.name}.log`,
    command_user: spec.user,
    directory: spec.directory,
    umask: spec.umask,
    nicelevel: spec.nice,
    environment: spec.environment,
    path: spec.path,
    initialize: spec.initialize,
    respawn_delay: Math.max(1, Math.round(backoff.initialMs / 1000)),
    respawn_max: backoff.maxRestarts,
    respawn_period: Math.max(1, Math.round(backoff.resetAfterMs / 1000)),
    need: spec.dependencies,
    depend: [],
    readiness: spec.readiness,
    restart: spec.restart,
    stop: spec.stop,
    log: spec.log,
  };
}
