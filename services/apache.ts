import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { Dependency, ManagedProcess, ProcessContext, Readiness } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import type { BasicAuthUser } from './htpasswd.ts';
import { htpasswdFile } from './htpasswd.ts';

export interface ApacheParams {
  /** A complete httpd.conf; see apacheConfig for one with the instance's folders filled in. */
  configFile: string;
  dependencies?: Dependency[];
  /** The port it listens on: checked for conflicts. */
  port?: number;
  readiness?: Readiness;
  instanceSuffix?: string;
  instanceName?: string;
}

/** HTTP basic authentication of a site or proxy: the realm users see, and who may enter. */
export interface BasicAuth {
  realm: string;
  users: Record<string, BasicAuthUser>;
}

const modulesDir = '/usr/lib/apache2/modules';

/** Where an Apache instance keeps its run-time files (PID file, locks, ServerRoot) and logs. */
export function apacheFolders(ctx: ProcessContext, instanceName: string): { runDir: string; logDir: string; pidFile: string } {
  return { runDir: `${ctx.runtimeDir}/${instanceName}`, logDir: `${ctx.logDir}/${instanceName}`, pidFile: `${ctx.runtimeDir}/${instanceName}.pid` };
}

/**
 * An httpd.conf for one instance: its own ServerRoot, run-time and log folders and PID file,
 * the modules it names (from Debian's apache2), its user when privileged, and `body`.
 */
export function apacheConfig(
  ctx: ProcessContext,
  { instanceName, port, modules, serverName = 'localhost', serverAdmin = 'root@localhost', body }: { instanceName: string; port: number; modules: readonly string[]; serverName?: string; serverAdmin?: string; body: string },
): string {
  const { runDir, logDir, pidFile } = apacheFolders(ctx, instanceName);
  const base = ['mpm_event', 'authz_core', 'authz_host', 'mime', 'dir', 'alias'];
  const loaded = [...new Set([...base, ...modules])];
  return ctx.writeTextFile({
    name: `${instanceName}-httpd.conf`,
    text: [
      `ServerRoot "${runDir}"`,
      `DefaultRuntimeDir "${runDir}"`,
      `PidFile "${pidFile}"`,
      `Listen ${port}`,
      `ServerName ${serverName}`,
      `ServerAdmin ${serverAdmin}`,
      // The master stays root to bind the port; its children serve as the instance's user.
      ...(ctx.forceDisableUserChange ? [] : [`User ${instanceName}`, `Group ${instanceName}`]),
      ...loaded.map((module) => `LoadModule ${module}_module ${modulesDir}/mod_${module}.so`),
      `ErrorLog "${logDir}/error.log"`,
      'LogFormat "%h %l %u %t \\"%r\\" %>s %b" common',
      `CustomLog "${logDir}/access.log" common`,
      'TypesConfig /etc/mime.types',
      '<Directory />',
      '  AllowOverride None',
      '  Require all denied',
      '</Directory>',
      '',
      body,
    ].join('\n'),
  });
}

/**
 * Who may reach a <Directory> or <Location>: everyone, or the users of basic authentication (with
 * the htpasswd file made at build time). Indented for the section.
 */
export function accessDirectives(ctx: ProcessContext, instanceName: string, auth: BasicAuth | undefined): string[] {
  if (auth === undefined) return ['  Require all granted'];
  const userFile = ctx.writeTextFile({ name: `${instanceName}-htpasswd`, text: htpasswdFile(auth.realm, auth.users) });
  return ['AuthType Basic', `AuthName "${auth.realm.replace(/"/g, '')}"`, 'AuthBasicProvider file', `AuthUserFile "${userFile}"`, 'Require valid-user'].map((line) => `  ${line}`);
}

/** The modules accessDirectives needs. */
export function accessModules(auth: BasicAuth | undefined): string[] {
  return auth === undefined ? [] : ['auth_basic', 'authn_core', 'authn_file', 'authz_user'];
}

/** Ready when a GET of `path` answers: any 2xx or 3xx, or 401 behind basic authentication. */
export function apacheReadiness(port: number, path: string, auth: BasicAuth | undefined): Readiness {
  return { kind: 'http', url: `http://127.0.0.1:${port}${path}`, ...(auth && { status: 401 }) };
}

/** Apache HTTP server (Debian's apache2) running a given httpd.conf: upstream's apache constructor. */
export function apache(ctx: ProcessContext): (params: ApacheParams) => ManagedProcess {
  return ({ configFile, dependencies = [], port, readiness, instanceSuffix = '', instanceName = `apache${instanceSuffix}` }) => {
    const { runDir, logDir } = apacheFolders(ctx, instanceName);
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'Apache HTTP server',
      initialize: `${shellCommand(['mkdir', '-p', runDir, logDir])}\n`,
      process: executable('apache2', { install: 'apt-get install apache2' }),
      args: ['-f', configFile],
      foregroundProcessExtraArgs: ['-DFOREGROUND'],
      dependencies,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, description: 'Apache HTTP server' } },
      },
      ...(port !== undefined && { ports: [port] }),
      ...(readiness && { readiness }),
    });
  };
}
