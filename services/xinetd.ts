import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';

export interface XinetdParams {
  /**
   * Services by name, each its xinetd attributes: `{ greeting: { type: 'UNLISTED', port: 2300,
   * socket_type: 'stream', wait: 'no', server: '/usr/bin/printf', server_args: 'hello' } }`.
   * `user` defaults to the instance's own account (the deployer's, unprivileged); `protocol` to tcp.
   */
  services?: Record<string, Record<string, string | number>>;
  /**
   * Also read every file in `<libDir>/<instance>/xinetd.d` (upstream's extendableXinetd): where
   * other tools deploy services; xinetd rereads it on SIGHUP. Default false.
   */
  extendable?: boolean;
  /** More configuration, at the end. */
  extraConfig?: string;
  instanceSuffix?: string;
  instanceName?: string;
}

/** The folder an extendable xinetd reads service files from. */
export function xinetdIncludeDir(ctx: ProcessContext, instanceName: string): string {
  return `${ctx.libDir}/${instanceName}/xinetd.d`;
}

/** Where an xinetd instance writes its own log (and, by default, its services' logs). */
export function xinetdLogFile(ctx: ProcessContext, instanceName: string): string {
  return `${ctx.logDir}/${instanceName}.log`;
}

/**
 * xinetd (Debian's package), upstream's declarativeXinetd and extendableXinetd: its own
 * configuration, PID file, log and services, never /etc/xinetd.d. It runs as root when privileged
 * (it starts each service as that service's user) and stays up without services, waiting for
 * some to be deployed. Ready when its log says "Started working", which it writes once it has bound
 * every service's port (the log of the previous run is kept as .1).
 */
export function xinetd(ctx: ProcessContext): (params?: XinetdParams) => ManagedProcess {
  return ({ services = {}, extendable = false, extraConfig = '', instanceSuffix = '', instanceName = `xinetd${instanceSuffix}` } = {}) => {
    const grep = programPath(ctx, 'grep', 'apt-get install grep');
    const includeDir = xinetdIncludeDir(ctx, instanceName);
    const logFile = xinetdLogFile(ctx, instanceName);
    const serviceUser = ctx.forceDisableUserChange ? ctx.callingUser : instanceName;
    const sections = Object.entries(services).map(([name, attributes]) => {
      const all = { protocol: 'tcp', user: serviceUser, ...attributes };
      return [`service ${name}`, '{', ...Object.entries(all).map(([key, value]) => `  ${key} = ${value}`), '}', ''].join('\n');
    });
    const configFile = ctx.writeTextFile({
      name: `${instanceName}-xinetd.conf`,
      text: ['defaults', '{', `  log_type = FILE ${logFile}`, '}', '', ...sections, ...(extendable ? [`includedir ${includeDir}`, ''] : []), extraConfig, ''].join('\n'),
    });
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'xinetd',
      process: executable('xinetd', { install: 'apt-get install xinetd' }),
      args: ['-stayalive', '-f', configFile, '-pidfile', `${ctx.runtimeDir}/${instanceName}.pid`, '-filelog', logFile],
      foregroundProcessExtraArgs: ['-dontfork'],
      initialize: `${[
        ...(extendable ? [shellCommand(['mkdir', '-p', includeDir])] : []),
        `if [ -e ${shellCommand([logFile])} ]; then mv ${shellCommand([logFile, `${logFile}.1`])}; fi`,
      ].join('\n')}\n`,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, description: 'xinetd services' } },
      },
      ports: Object.values(services).flatMap((attributes) => (typeof attributes.port === 'number' ? [attributes.port] : [])),
      readiness: { kind: 'exec', command: [grep, '-q', 'Started working', logFile] },
    });
  };
}
