import type { LowerInput } from '../types.ts';
import type { OpenrcMode, OpenrcParams } from './params.ts';

/**
 * The agnostic process → an openrc-run script. A foreground process runs under supervise-daemon,
 * which respawns it (after a fixed delay: the backoff's first one); one whose restart policy is
 * `no` runs under procform-daemonize instead, as supervise-daemon respawns after any exit. A
 * process given only as a daemon runs with OpenRC's start-stop-daemon.
 */
export function lowerOpenrc({ spec, ctx }: LowerInput): OpenrcParams {
  const mode: OpenrcMode = spec.foreground === null ? 'daemon' : spec.restart.policy === 'no' ? 'daemonize' : 'supervise';
  const command = (spec.foreground ?? spec.daemon)!;
  const { backoff } = spec.restart;
  return {
    name: spec.name,
    description: spec.description,
    mode,
    command: command.executable,
    command_args: command.args,
    pidfile: mode === 'supervise' ? `${ctx.runtimeDir}/${spec.name}.supervise-daemon.pid` : spec.pidFile,
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
