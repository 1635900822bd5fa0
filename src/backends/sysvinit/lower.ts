import { shellQuote } from '../../shell/quote.ts';
import { selfDaemonizingCommand } from '../../runtime/daemonizer/run-mode.ts';
import type { LowerInput } from '../types.ts';
import { storeInitFunctions } from './init-functions.ts';
import type { SysvinitParams } from './params.ts';
import { DEFAULT_RUNLEVELS } from './params.ts';
import { startSequence } from './sequence.ts';

/**
 * The agnostic process → upstream's init script parameters. Daemons are preferred, as upstream
 * does: a process that can daemonize itself runs as a daemon; one that only runs in the foreground
 * is daemonized by procform-daemonize (upstream: libslack's daemon).
 */
export function lowerSysvinit({ spec, processes, ctx }: LowerInput): SysvinitParams {
  const daemon = selfDaemonizingCommand(spec);
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
    reloadSignal: 'SIGHUP',
    initialInstructions: `. ${shellQuote(storeInitFunctions(ctx, spec.instance))}`,
    globalInstructions: '',
    instructions: {},
    activities: {},
    removeActivities: [],
    runlevels: DEFAULT_RUNLEVELS,
    defaultStart: [],
    defaultStop: [],
    dependencies: spec.dependencies,
    sequence: startSequence(spec.name, processes),
  };
}
