import type { LowerInput } from '../types.ts';
import type { DisnixParams } from './params.ts';

/**
 * The agnostic process → the Dysnomia process container's parameters. A process given as a
 * `daemon` (or only as one) runs as a daemon, as upstream prefers; one given as `foregroundProcess`
 * or as `process` alone runs in the foreground, daemonized by procform-daemonize (upstream:
 * libslack's daemon), because `process` alone does not say that the program forks.
 */
export function lowerDisnix({ spec, params, ctx }: LowerInput): DisnixParams {
  const daemon = spec.daemon !== null && (params.daemon !== undefined || spec.foreground === null);
  const command = (daemon ? spec.daemon : spec.foreground)!;
  return {
    name: spec.name,
    instanceName: spec.instanceName,
    description: spec.description,
    process: command.executable,
    args: command.args,
    processIsDaemon: daemon,
    pidFile: spec.pidFile,
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
