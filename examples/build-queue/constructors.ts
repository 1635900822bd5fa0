// Constructors of the build queue (app.py), in the shape of upstream's hydra-server and
// hydra-queue-runner: each runs as an account of its own, which the PostgreSQL instance's ident
// map lets in as the database role `queue`.
import { readFileSync } from 'node:fs';
import type { Container, Instance, ManagedProcess, ProcessContext } from 'procform';
import { createManagedProcess, executable, shellCommand } from 'procform';

/** The PostgreSQL instance the queue uses: a PostgreSQL container provider. */
export type PostgresqlInstance = Instance & { providesContainer: Container };

const python = executable('/usr/bin/python3', { install: 'apt-get install python3-psycopg2' });

/** app.py in the store, where every service account can read it (a checkout under /root is not readable). */
const appIn = (ctx: ProcessContext) => ctx.writeTextFile({ name: 'build-queue-app.py', text: readFileSync(new URL('./app.py', import.meta.url), 'utf8') });

/** How an account of the queue reaches its database: through the server's socket, as role `queue`. */
export function queueDsn(postgresql: PostgresqlInstance, database = 'queue'): string {
  const { postgresqlRuntimeDir, postgresqlPort } = postgresql.providesContainer.properties;
  return `host=${postgresqlRuntimeDir} port=${postgresqlPort} dbname=${database} user=${database}`;
}

/** The accounts of the queue's processes, and the one (the deployer's) they all are when unprivileged. */
export const queueAccount = (ctx: ProcessContext, name: string) => (ctx.forceDisableUserChange ? ctx.callingUser : name);

/**
 * The web server (hydra-server's place). Its first start creates the role and the database as the
 * PostgreSQL superuser (once: both are looked for first), then the tables, as its own account.
 */
export function queueServer(ctx: ProcessContext): (params: { port: number; postgresql: PostgresqlInstance; instanceName?: string }) => ManagedProcess {
  const app = appIn(ctx);
  return ({ port, postgresql, instanceName = 'queue-server' }) => {
    const { postgresqlRuntimeDir, postgresqlPort, postgresqlUsername } = postgresql.providesContainer.properties;
    const asUser = (user: string, command: string) => (ctx.forceDisableUserChange ? command : shellCommand(['runuser', '-u', user, '--', 'sh', '-c', command]));
    const psql = (sql: string) => shellCommand(['psql', '-X', '-tA', '-h', String(postgresqlRuntimeDir), '-p', String(postgresqlPort), '-d', 'postgres', '-c', sql]);
    const user = `${instanceName}-www`;
    const initialize = [
      // As the superuser (peer authentication of the server's own account).
      asUser(String(postgresqlUsername), `${psql("SELECT 1 FROM pg_roles WHERE rolname = 'queue'")} | grep -q 1 || ${psql('CREATE ROLE queue LOGIN')}`),
      asUser(String(postgresqlUsername), `${psql("SELECT 1 FROM pg_database WHERE datname = 'queue'")} | grep -q 1 || ${psql('CREATE DATABASE queue OWNER queue')}`),
      // As itself, let in as `queue` by the ident map.
      asUser(user, shellCommand(['/usr/bin/python3', app, 'init-db', queueDsn(postgresql)])),
    ];
    return createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'Build queue web server',
      foregroundProcess: python,
      foregroundProcessArgs: ['-u', app, 'serve', queueDsn(postgresql), port],
      initialize: `${initialize.join('\n')}\n`,
      dependencies: [postgresql],
      user,
      credentials: { groups: { [user]: {} }, users: { [user]: { group: user, description: 'Build queue web server' } } },
      ports: [port],
      // A GET that queries the database: ready means serving pages, not only listening.
      readiness: { kind: 'http', url: `http://127.0.0.1:${port}/health` },
    });
  };
}

/** The queue runner (hydra-queue-runner's place): builds queued jobs as they come. */
export function queueRunner(ctx: ProcessContext): (params: { server: Instance; postgresql: PostgresqlInstance; instanceName?: string }) => ManagedProcess {
  const app = appIn(ctx);
  return ({ server, postgresql, instanceName = 'queue-runner' }) =>
    createManagedProcess({
      name: instanceName,
      instanceName,
      description: 'Build queue runner',
      foregroundProcess: python,
      foregroundProcessArgs: ['-u', app, 'run-queue', queueDsn(postgresql), instanceName],
      // After the server, whose first start creates the database.
      dependencies: [server, postgresql],
      user: instanceName,
      credentials: { groups: { [instanceName]: {} }, users: { [instanceName]: { group: instanceName, description: 'Build queue runner' } } },
      readiness: { kind: 'log', pattern: 'waiting for jobs' },
    });
}
