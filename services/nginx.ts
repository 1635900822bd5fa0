import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { Dependency, ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';

export interface NginxParams {
  configFile: string;
  dependencies?: Dependency[];
  /** Port to wait for before dependents start. */
  port?: number;
  instanceSuffix?: string;
  instanceName?: string;
}

/** Where an nginx instance keeps its files; the configuration must use the same folders. */
export function nginxFolders(ctx: ProcessContext, instanceName: string): { prefix: string; logDir: string; cacheDir: string } {
  const prefix = `${ctx.stateDir}/${instanceName}`;
  return { prefix, logDir: `${prefix}/logs`, cacheDir: `${ctx.cacheDir}/${instanceName}` };
}

/** nginx (Debian's package) running a given configuration file. */
export function nginx(ctx: ProcessContext): (params: NginxParams) => ManagedProcess {
  return ({ configFile, dependencies = [], port, instanceSuffix = '', instanceName = `nginx${instanceSuffix}` }) => {
    const { prefix, logDir, cacheDir } = nginxFolders(ctx, instanceName);
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
      ...(port !== undefined && { ports: [port], readiness: { kind: 'tcp', port } }),
    });
  };
}
