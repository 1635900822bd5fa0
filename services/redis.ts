import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';
import { chownCommand } from './run-as.ts';

export interface RedisParams {
  /** TCP port on 127.0.0.1; 0 listens on the socket only. Default 6379. */
  port?: number;
  /** Also listen on `<runtimeDir>/<instance>/redis.sock`. Default false (true when port is 0). */
  enableSocket?: boolean;
  /** Clients must AUTH with this password. It ends up in the store, readable by every local user. */
  requirePass?: string;
  /** Log every write to an append-only file besides the snapshots. Default false. */
  appendOnly?: boolean;
  /** More redis.conf directives: `maxmemory: '64mb'`. */
  settings?: Record<string, string | number>;
  instanceSuffix?: string;
  instanceName?: string;
}

/** Where a Redis instance keeps its data and socket. */
export function redisFiles(ctx: ProcessContext, instanceName: string): { dataDir: string; runDir: string; socket: string } {
  const runDir = `${ctx.runtimeDir}/${instanceName}`;
  return { dataDir: `${ctx.libDir}/${instanceName}`, runDir, socket: `${runDir}/redis.sock` };
}

/**
 * Redis (Debian's redis-server): its own data folder, port or socket, PID file and configuration,
 * never /etc/redis. Runs in the foreground or daemonizes itself, as the process manager prefers.
 * Ready when it answers PING (or asks for the password): Redis refuses commands while it loads
 * its data, though its port is open.
 */
export function redis(ctx: ProcessContext): (params?: RedisParams) => ManagedProcess {
  const cli = programPath(ctx, 'redis-cli', 'apt-get install redis-tools');
  return ({ port = 6379, enableSocket = port === 0, requirePass, appendOnly = false, settings = {}, instanceSuffix = '', instanceName = `redis${instanceSuffix}` } = {}) => {
    const { dataDir, runDir, socket } = redisFiles(ctx, instanceName);
    const pidFile = `${runDir}/redis.pid`;
    const quote = (value: string | number) => (typeof value === 'number' ? String(value) : `"${value.replace(/["\\]/g, '\\$&')}"`);
    const directives: Record<string, string | number> = {
      port,
      bind: '127.0.0.1',
      ...(enableSocket && { unixsocket: socket, unixsocketperm: 700 }),
      dir: dataDir,
      pidfile: pidFile,
      // The process manager keeps its output.
      logfile: '',
      appendonly: appendOnly ? 'yes' : 'no',
      ...(requirePass !== undefined && { requirepass: requirePass }),
      ...settings,
    };
    const configFile = ctx.writeTextFile({
      name: `${instanceName}-redis.conf`,
      text: `${Object.entries(directives)
        .map(([key, value]) => `${key} ${quote(value)}`)
        .join('\n')}\n`,
    });
    const address = enableSocket ? ['-s', socket] : ['-h', '127.0.0.1', '-p', String(port)];
    const ping = `reply=$(${shellCommand([cli, ...address, 'ping'])}) && case "$reply" in PONG|NOAUTH*) exit 0 ;; esac; echo "$reply"; exit 1`;
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'Redis',
      process: executable('redis-server', { install: 'apt-get install redis-server' }),
      args: [configFile],
      foregroundProcessExtraArgs: ['--daemonize', 'no'],
      daemonExtraArgs: ['--daemonize', 'yes'],
      pidFile,
      initialize: `${[shellCommand(['mkdir', '-p', dataDir, runDir]), ...chownCommand(ctx, `${instanceName}:${instanceName}`, [dataDir, runDir])].join('\n')}\n`,
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, homeDir: dataDir, description: 'Redis' } },
      },
      ...(port > 0 && { ports: [port] }),
      readiness: { kind: 'exec', command: ping },
    });
  };
}
