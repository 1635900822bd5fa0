import { readdirSync } from 'node:fs';
import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import type { ContainerProviderInstance, ContainerProviderParams } from './container-provider.ts';
import { containerProvider } from './container-provider.ts';
import { chownCommand, runAs } from './run-as.ts';

export interface PostgresqlParams {
  /** Port of the server: its TCP port when `enableTCPIP`, and the name of its socket (`.s.PGSQL.<port>`) in any case. Default 5432. */
  port?: number;
  instanceSuffix?: string;
  instanceName?: string;
  /** pg_hba.conf: who may connect, how. Default: local connections by peer, TCP from localhost by password (scram-sha-256). */
  authentication?: string;
  /** pg_ident.conf: maps of operating-system users to database roles, for `ident`/`peer` lines with `map=`. Default: none. */
  identMap?: string;
  /** Listen on TCP (localhost) besides the socket. Default false, as upstream. */
  enableTCPIP?: boolean;
  /** More postgresql.conf settings: numbers as they are, booleans as on/off, strings quoted. */
  settings?: Record<string, string | number | boolean>;
  /** Where PostgreSQL's programs are. Default: the newest /usr/lib/postgresql/<version>/bin (Debian's layout). */
  binDir?: string;
}

/** Where a PostgreSQL instance keeps its data and socket, and who its superuser is. */
export interface PostgresqlInstanceFiles {
  baseDir: string;
  dataDir: string;
  socketDir: string;
  /** The database superuser: the account the server runs as (peer authentication matches them). */
  superuser: string;
}

const defaultAuthentication = [
  '# TYPE  DATABASE  USER  ADDRESS       METHOD',
  'local   all       all                 peer',
  'host    all       all   127.0.0.1/32  scram-sha-256',
  'host    all       all   ::1/128       scram-sha-256',
  '',
].join('\n');

/** The files of instance `instanceName`: what the constructor uses and what clients and tests need. */
export function postgresqlFiles(ctx: ProcessContext, instanceName: string): PostgresqlInstanceFiles {
  const baseDir = `${ctx.stateDir}/db/${instanceName}`;
  return {
    baseDir,
    dataDir: `${baseDir}/data`,
    socketDir: `${ctx.runtimeDir}/${instanceName}`,
    superuser: ctx.forceDisableUserChange ? ctx.callingUser : instanceName,
  };
}

/**
 * PostgreSQL (Debian's package), upstream's simplePostgresql: its own data folder (made by initdb on
 * first start), socket folder, port and superuser, so that several run side by side. Ready when
 * pg_isready gets an answer from the server, not merely when the socket exists.
 */
export function postgresql(ctx: ProcessContext): (params?: PostgresqlParams) => ManagedProcess {
  return ({
    port = 5432,
    instanceSuffix = '',
    instanceName = `postgresql${instanceSuffix}`,
    authentication = defaultAuthentication,
    identMap = '',
    enableTCPIP = false,
    settings = {},
    binDir = newestPostgresqlBinDir(),
  } = {}) => {
    const { baseDir, dataDir, socketDir, superuser } = postgresqlFiles(ctx, instanceName);
    const hbaFile = ctx.writeTextFile({ name: `${instanceName}-pg_hba.conf`, text: authentication });
    const identFile = ctx.writeTextFile({ name: `${instanceName}-pg_ident.conf`, text: identMap });
    const configFile = ctx.writeTextFile({
      name: `${instanceName}-postgresql.conf`,
      text: renderSettings({
        listen_addresses: enableTCPIP ? 'localhost' : '',
        port,
        unix_socket_directories: socketDir,
        hba_file: hbaFile,
        ident_file: identFile,
        ...settings,
      }),
    });
    // initdb writes into a scratch folder that becomes the data folder only once it is complete,
    // so an interrupted first start is simply done again.
    const scratch = `${dataDir}.initdb`;
    const initialize = [
      shellCommand(['mkdir', '-p', baseDir, socketDir]),
      ...chownCommand(ctx, `${instanceName}:${instanceName}`, [baseDir, socketDir]),
      `if [ ! -e ${shellCommand([`${dataDir}/PG_VERSION`])} ]; then`,
      `  rm -rf ${shellCommand([scratch])}`,
      `  (cd / && ${runAs(ctx, instanceName, [`${binDir}/initdb`, '--pgdata', scratch, '--username', superuser, '--encoding', 'UTF8', '--locale', 'C.UTF-8', '--auth-local', 'peer', '--auth-host', 'scram-sha-256'])}) >/dev/null`,
      `  mv -T ${shellCommand([scratch, dataDir])}`,
      'fi',
    ];
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'PostgreSQL',
      foregroundProcess: executable(`${binDir}/postgres`, { install: 'apt-get install postgresql' }),
      foregroundProcessArgs: ['-D', dataDir, '-c', `config_file=${configFile}`],
      initialize: `${initialize.join('\n')}\n`,
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, homeDir: baseDir, description: 'PostgreSQL user' } },
      },
      ...(enableTCPIP && { ports: [port] }),
      readiness: { kind: 'exec', command: [`${binDir}/pg_isready`, '--quiet', '--host', socketDir, '--port', String(port)] },
      // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to disconnect.
      stop: { signal: 'SIGINT' },
    });
  };
}

/** PostgreSQL as a provider of a `postgresql-database` container (upstream's service container). */
export function postgresqlContainerProvider(ctx: ProcessContext): (params?: PostgresqlParams & ContainerProviderParams) => ContainerProviderInstance {
  return containerProvider<PostgresqlParams>(postgresql(ctx), ({ port = 5432, instanceSuffix = '', instanceName = `postgresql${instanceSuffix}` }) => {
    const { socketDir, superuser } = postgresqlFiles(ctx, instanceName);
    return { port, type: 'postgresql-database', properties: { postgresqlPort: port, postgresqlRuntimeDir: socketDir, postgresqlUsername: superuser } };
  });
}

/** postgresql.conf lines: strings quoted (with '' for a quote), booleans on/off, numbers bare. */
function renderSettings(settings: Record<string, string | number | boolean>): string {
  const value = (setting: string | number | boolean) =>
    typeof setting === 'boolean' ? (setting ? 'on' : 'off') : typeof setting === 'number' ? String(setting) : `'${setting.replace(/'/g, "''")}'`;
  return `${Object.entries(settings)
    .map(([key, setting]) => `${key} = ${value(setting)}`)
    .join('\n')}\n`;
}

/** Debian installs each PostgreSQL version under /usr/lib/postgresql/<version>; the newest one, else 15 (Debian 12's). */
function newestPostgresqlBinDir(): string {
  let versions: number[] = [];
  try {
    versions = readdirSync('/usr/lib/postgresql')
      .map(Number)
      .filter((version) => Number.isInteger(version));
  } catch {
    // Not installed: the build then says that /usr/lib/postgresql/15/bin/postgres is missing.
  }
  return `/usr/lib/postgresql/${versions.length > 0 ? Math.max(...versions) : 15}/bin`;
}
