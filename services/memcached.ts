import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';
import { chownCommand } from './run-as.ts';

export interface MemcachedParams {
  /** TCP port on 127.0.0.1. Default 11211. */
  port?: number;
  /** Memory for items, in megabytes. Default 64. */
  memoryMB?: number;
  /** Simultaneous connections. Default 1024. */
  maxConnections?: number;
  extraArgs?: string[];
  instanceSuffix?: string;
  instanceName?: string;
}

/**
 * memcached (Debian's package) on its own port: in the foreground, or daemonizing itself with its
 * PID file in its own run-time folder. Ready when it answers the `version` command.
 */
export function memcached(ctx: ProcessContext): (params?: MemcachedParams) => ManagedProcess {
  const bash = programPath(ctx, 'bash', 'apt-get install bash');
  return ({ port = 11211, memoryMB = 64, maxConnections = 1024, extraArgs = [], instanceSuffix = '', instanceName = `memcached${instanceSuffix}` } = {}) => {
    const runDir = `${ctx.runtimeDir}/${instanceName}`;
    const pidFile = `${runDir}/memcached.pid`;
    // The text protocol's `version` command, over bash's /dev/tcp: no client package needed.
    const version = `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'version\\r\\n' >&3 && read -r -t 2 reply <&3 && case "$reply" in VERSION*) exit 0 ;; esac; exit 1`;
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'memcached',
      process: executable('memcached', { install: 'apt-get install memcached' }),
      // -U 0: no UDP, which only serves amplification attacks.
      args: ['-l', '127.0.0.1', '-p', port, '-U', 0, '-m', memoryMB, '-c', maxConnections, ...extraArgs],
      daemonExtraArgs: ['-d', '-P', pidFile],
      pidFile,
      initialize: `${[shellCommand(['mkdir', '-p', runDir]), ...chownCommand(ctx, `${instanceName}:${instanceName}`, [runDir])].join('\n')}\n`,
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, description: 'memcached' } },
      },
      ports: [port],
      readiness: { kind: 'exec', command: [bash, '-c', version] },
    });
  };
}
