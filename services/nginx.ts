import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { Dependency, ManagedProcess, ProcessContext, Readiness } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';

export interface NginxParams {
  configFile: string;
  dependencies?: Dependency[];
  /** The port it listens on: checked for conflicts, and waited for before dependents start unless `readiness` says otherwise. */
  port?: number;
  readiness?: Readiness;
  instanceSuffix?: string;
  instanceName?: string;
}

/** Where an nginx instance keeps its files; the configuration must use the same folders. */
export function nginxFolders(ctx: ProcessContext, instanceName: string): { prefix: string; logDir: string; cacheDir: string } {
  const prefix = `${ctx.stateDir}/${instanceName}`;
  return { prefix, logDir: `${prefix}/logs`, cacheDir: `${ctx.cacheDir}/${instanceName}` };
}

/**
 * An nginx.conf for one instance: its own PID file, logs and temporary folders, its workers' user
 * when privileged, and `http` inside the http block.
 */
export function nginxConfig(ctx: ProcessContext, { instanceName, workerConnections = 1024, http }: { instanceName: string; workerConnections?: number; http: string }): string {
  const { logDir, cacheDir } = nginxFolders(ctx, instanceName);
  return ctx.writeTextFile({
    name: 'nginx.conf',
    text: [
      `pid ${ctx.runtimeDir}/${instanceName}.pid;`,
      `error_log ${logDir}/error.log;`,
      ...(ctx.forceDisableUserChange ? [] : [`user ${instanceName} ${instanceName};`]),
      '',
      'events {',
      `  worker_connections ${workerConnections};`,
      '}',
      '',
      'http {',
      `  access_log ${logDir}/access.log;`,
      `  error_log ${logDir}/error.log;`,
      '',
      `  proxy_temp_path ${cacheDir}/proxy;`,
      `  client_body_temp_path ${cacheDir}/client_body;`,
      `  fastcgi_temp_path ${cacheDir}/fastcgi;`,
      `  uwsgi_temp_path ${cacheDir}/uwsgi;`,
      `  scgi_temp_path ${cacheDir}/scgi;`,
      '',
      http,
      '}',
      '',
    ].join('\n'),
  });
}

/** nginx (Debian's package) running a given configuration file. */
export function nginx(ctx: ProcessContext): (params: NginxParams) => ManagedProcess {
  return ({ configFile, dependencies = [], port, readiness, instanceSuffix = '', instanceName = `nginx${instanceSuffix}` }) => {
    const { prefix, logDir, cacheDir } = nginxFolders(ctx, instanceName);
    const ready: Readiness | undefined = readiness ?? (port === undefined ? undefined : { kind: 'tcp', port });
    const initialize = [
      shellCommand(['mkdir', '-p', logDir, cacheDir]),
      ...(ctx.forceDisableUserChange ? [] : [shellCommand(['chown', `${instanceName}:${instanceName}`, logDir, cacheDir])]),
    ];
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'Nginx',
      initialize: `${initialize.join('\n')}\n`,
      process: executable('nginx', { install: 'apt-get install nginx' }),
      // -e: nginx opens its error log before reading the configuration; keep it out of /var/log/nginx.
      args: ['-p', prefix, '-c', configFile, '-e', `${logDir}/error.log`],
      foregroundProcessExtraArgs: ['-g', 'daemon off;'],
      dependencies,
      // nginx itself switches its workers to this user (the `user` directive); the master stays root.
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, description: 'Nginx user' } },
      },
      ...(port !== undefined && { ports: [port] }),
      ...(ready && { readiness: ready }),
    });
  };
}
