import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';
import { chownCommand, runAs } from './run-as.ts';

export type SvnAccess = 'none' | 'read' | 'write';

export interface SvnserveParams {
  /** Default 3690. */
  port?: number;
  /** The folder served, with one repository per subfolder. Default `<stateDir>/svn/<instance>`. */
  svnBaseDir?: string;
  /** Repositories created (svnadmin create) on first start when missing. */
  repositories?: string[];
  /** What anyone may do without a password. Default read. */
  anonymousAccess?: SvnAccess;
  /** What users who log in may do. Default write. */
  authenticatedAccess?: SvnAccess;
  /** Users and their passwords (svnserve's password database is plain text; it ends up in the store). */
  users?: Record<string, string>;
  instanceSuffix?: string;
  instanceName?: string;
}

/** The folder an svnserve instance serves, by default. */
export function svnBaseDir(ctx: ProcessContext, instanceName: string): string {
  return `${ctx.stateDir}/svn/${instanceName}`;
}

/**
 * Subversion's svnserve (Debian's subversion) on its own port, serving its own folder of
 * repositories with one configuration for all of them (--config-file, so the repositories' own
 * svnserve.conf files do not matter). Ready when it sends the svn protocol's greeting.
 */
export function svnserve(ctx: ProcessContext): (params?: SvnserveParams) => ManagedProcess {
  const svnadmin = programPath(ctx, 'svnadmin', 'apt-get install subversion');
  const bash = programPath(ctx, 'bash', 'apt-get install bash');
  return ({
    port = 3690,
    instanceSuffix = '',
    instanceName = `svnserve${instanceSuffix}`,
    svnBaseDir: baseDir = svnBaseDir(ctx, instanceName),
    repositories = [],
    anonymousAccess = 'read',
    authenticatedAccess = 'write',
    users = {},
  } = {}) => {
    const passwordDb =
      Object.keys(users).length > 0
        ? ctx.writeTextFile({ name: `${instanceName}-passwd`, text: `[users]\n${Object.entries(users).map(([user, password]) => `${user} = ${password}\n`).join('')}` })
        : undefined;
    const configFile = ctx.writeTextFile({
      name: `${instanceName}-svnserve.conf`,
      text: [
        '[general]',
        `anon-access = ${anonymousAccess}`,
        `auth-access = ${authenticatedAccess}`,
        `realm = ${instanceName}`,
        ...(passwordDb ? [`password-db = ${passwordDb}`] : []),
        '',
      ].join('\n'),
    });
    const runDir = `${ctx.runtimeDir}/${instanceName}`;
    const pidFile = `${runDir}/svnserve.pid`;
    const initialize = [
      shellCommand(['mkdir', '-p', baseDir, runDir]),
      ...chownCommand(ctx, `${instanceName}:${instanceName}`, [baseDir, runDir]),
      // Each repository is made under a scratch name and renamed once complete.
      ...repositories.flatMap((name) => {
        const repository = `${baseDir}/${name}`;
        return [
          `if [ ! -d ${shellCommand([repository])} ]; then`,
          `  rm -rf ${shellCommand([`${repository}.new`])}`,
          `  ${runAs(ctx, instanceName, [svnadmin, 'create', `${repository}.new`])}`,
          `  mv -T ${shellCommand([`${repository}.new`, repository])}`,
          'fi',
        ];
      }),
    ];
    const greeting = `exec 3<>/dev/tcp/127.0.0.1/${port} && IFS= read -r -t 2 -n 12 reply <&3 && [ "$reply" = "( success ( " ]`;
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'Subversion server',
      process: executable('svnserve', { install: 'apt-get install subversion' }),
      args: ['--daemon', '--listen-port', port, '--root', baseDir, '--config-file', configFile],
      foregroundProcessExtraArgs: ['--foreground'],
      daemonExtraArgs: ['--pid-file', pidFile],
      pidFile,
      initialize: `${initialize.join('\n')}\n`,
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, homeDir: baseDir, description: 'Subversion server' } },
      },
      ports: [port],
      readiness: { kind: 'exec', command: [bash, '-c', greeting] },
    });
  };
}
