import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import type { ContainerProviderInstance, ContainerProviderParams } from './container-provider.ts';
import { containerProvider } from './container-provider.ts';
import { programPath } from './program-path.ts';
import { chownCommand, runAs } from './run-as.ts';

export interface MariadbParams {
  /** TCP port (on 127.0.0.1). Default 3306. */
  port?: number;
  instanceSuffix?: string;
  instanceName?: string;
  /** Listen on TCP besides the socket. Default true; false is MariaDB's skip-networking. */
  enableTCPIP?: boolean;
  /** More [mysqld] settings of the server's option file: `innodb_buffer_pool_size: '16M'`; `true` writes the bare option. */
  settings?: Record<string, string | number | boolean>;
}

/** Where a MariaDB instance keeps its data and socket, and which account administers it. */
export interface MariadbInstanceFiles {
  dataDir: string;
  socket: string;
  /**
   * The administrator's account, authenticated by the socket (unix_socket): the account the server
   * runs as, root too in a privileged deployment. No password exists for either.
   */
  superuser: string;
}

/** The files of instance `instanceName`, for the constructor and for clients and tests. */
export function mariadbFiles(ctx: ProcessContext, instanceName: string): MariadbInstanceFiles {
  return {
    dataDir: `${ctx.stateDir}/db/${instanceName}`,
    socket: `${ctx.runtimeDir}/${instanceName}/mysqld.sock`,
    superuser: ctx.forceDisableUserChange ? ctx.callingUser : instanceName,
  };
}

/**
 * MariaDB (Debian's package), upstream's mysql constructor: its own data folder (made by
 * mariadb-install-db on first start), socket, port and option file, never Debian's /etc/mysql, so
 * that several run side by side. Ready when mariadb-admin ping gets an answer from the server.
 */
export function mariadb(ctx: ProcessContext): (params?: MariadbParams) => ManagedProcess {
  const installDb = programPath(ctx, 'mariadb-install-db', 'apt-get install mariadb-server');
  const admin = programPath(ctx, 'mariadb-admin', 'apt-get install mariadb-client');
  return ({ port = 3306, instanceSuffix = '', instanceName = `mariadb${instanceSuffix}`, enableTCPIP = true, settings = {} } = {}) => {
    const { dataDir, socket, superuser } = mariadbFiles(ctx, instanceName);
    const runDir = `${ctx.runtimeDir}/${instanceName}`;
    // Its own: a MariaDB starting up deletes every #sql* file in its tmpdir, which in a shared one
    // are another instance's temporary tables.
    const tmpDir = `${ctx.tmpDir}/${instanceName}`;
    const options: Record<string, string | number | boolean> = {
      datadir: dataDir,
      socket,
      'pid-file': `${runDir}/mysqld.pid`,
      tmpdir: tmpDir,
      port,
      ...(enableTCPIP ? { 'bind-address': '127.0.0.1' } : { 'skip-networking': true }),
      // Clients are local: no DNS look-up for each connection.
      'skip-name-resolve': true,
      ...settings,
    };
    const optionFile = ctx.writeTextFile({
      name: `${instanceName}-my.cnf`,
      text: `[mysqld]\n${Object.entries(options)
        .map(([key, value]) => (value === true ? key : `${key}=${value === false ? 0 : value}`))
        .join('\n')}\n`,
    });
    // mariadb-install-db fills a scratch folder that becomes the data folder only once it is complete,
    // so an interrupted first start is simply done again.
    const scratch = `${dataDir}.install`;
    const initialize = [
      shellCommand(['mkdir', '-p', runDir, tmpDir]),
      ...chownCommand(ctx, `${instanceName}:${instanceName}`, [runDir, tmpDir]),
      `if [ ! -d ${shellCommand([`${dataDir}/mysql`])} ]; then`,
      `  rm -rf ${shellCommand([scratch])}`,
      `  mkdir -p ${shellCommand([scratch])}`,
      ...chownCommand(ctx, `${instanceName}:${instanceName}`, [scratch]).map((line) => `  ${line}`),
      `  (cd / && ${runAs(ctx, instanceName, [installDb, `--defaults-file=${optionFile}`, `--datadir=${scratch}`, '--auth-root-authentication-method=socket', `--auth-root-socket-user=${superuser}`, '--skip-test-db'])}) >/dev/null`,
      `  mv -T ${shellCommand([scratch, dataDir])}`,
      'fi',
    ];
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'MariaDB',
      // Only this option file, never Debian's /etc/mysql; --defaults-file must be the first option.
      foregroundProcess: executable('mariadbd', { install: 'apt-get install mariadb-server' }),
      foregroundProcessArgs: [`--defaults-file=${optionFile}`],
      initialize: `${initialize.join('\n')}\n`,
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, homeDir: dataDir, description: 'MariaDB user' } },
      },
      ...(enableTCPIP && { ports: [port] }),
      // ping answers 0 once the server answers at all, even "access denied": the server is up.
      readiness: { kind: 'exec', command: [admin, '--no-defaults', `--socket=${socket}`, '--connect-timeout=2', 'ping'] },
    });
  };
}

/**
 * MariaDB as a provider of a `mysql-database` container: Dysnomia's type for MySQL and MariaDB
 * alike, the type Disnix services name.
 */
export function mariadbContainerProvider(ctx: ProcessContext): (params?: MariadbParams & ContainerProviderParams) => ContainerProviderInstance {
  return containerProvider<MariadbParams>(mariadb(ctx), ({ port = 3306, instanceSuffix = '', instanceName = `mariadb${instanceSuffix}` }) => {
    const { socket, superuser } = mariadbFiles(ctx, instanceName);
    return { port, type: 'mysql-database', properties: { mysqlPort: port, mysqlSocket: socket, mysqlUsername: superuser } };
  });
}
