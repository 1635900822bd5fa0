import type { LowerInput } from '../types.ts';
import type { BsdrcParams } from './params.ts';

/**
 * The agnostic process → upstream's rc.d script parameters: a daemon runs as itself, a foreground
 * process under FreeBSD's daemon(8), as upstream does. rc.subr is FreeBSD's own (/etc/rc.subr).
 */
export function lowerBsdrc({ spec, ctx }: LowerInput): BsdrcParams {
  const command = (spec.daemon ?? spec.foreground)!;
  return {
    name: spec.name,
    description: spec.description,
    rcvar: 'enable',
    rcvarsDefaults: {},
    command: command.executable,
    commandArgs: command.args,
    commandIsDaemon: spec.daemon !== null,
    enableDaemonOutputLogging: true,
    logFile: `${ctx.logDir}/${spec.name}.log`,
    pidFile: spec.pidFile,
    reloadSignal: 'SIGHUP',
    stopSignal: spec.stop.signal,
    environment: spec.environment,
    path: spec.path,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    initialize: spec.initialize,
    restart: spec.restart,
    provides: [spec.name],
    requires: [],
    keywords: [],
    dependencies: spec.dependencies,
    rcSubr: '/etc/rc.subr',
  };
}
