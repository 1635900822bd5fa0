// The PostgreSQL model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/postgresql.test.ts
// Each server answers queries as its superuser through its own socket; the secondary also over TCP
// with a password, and lets root in through its ident map; data survives a restart.
import assert from 'node:assert/strict';
import type { Container } from 'procform';
import { shellCommand } from 'procform';
import { testService } from 'procform/testing';
import { asUser, expectOwnUsers } from './run-as-service-user.ts';

const propertiesOf = (instance: { providesContainer?: Container }) => {
  const properties = instance.providesContainer?.properties;
  assert.ok(properties, 'the instance describes no container');
  return properties as { postgresqlPort: number; postgresqlRuntimeDir: string; postgresqlUsername: string };
};

const psql = (properties: ReturnType<typeof propertiesOf>, sql: string, host = properties.postgresqlRuntimeDir) =>
  shellCommand(['psql', '--no-psqlrc', '--tuples-only', '--no-align', '-h', host, '-p', String(properties.postgresqlPort), '-U', properties.postgresqlUsername, '-d', 'postgres', '-c', sql]);

export default testService({
  name: 'postgresql',
  exprFile: './postgresql.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['postgresql'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance, forceDisableUserChange }) {
    const properties = propertiesOf(instance);
    const superuser = properties.postgresqlUsername;
    // The superuser by peer authentication: the server's own account (the deployer, unprivileged).
    const asSuperuser = (sql: string) => machine.succeed(asUser(forceDisableUserChange, superuser, psql(properties, sql)));
    await asSuperuser(`CREATE TABLE greetings (text text); INSERT INTO greetings VALUES ('hello from ${instanceName}')`);
    assert.equal((await asSuperuser('SELECT text FROM greetings')).trim(), `hello from ${instanceName}`);
    assert.equal((await asSuperuser('SHOW port')).trim(), String(properties.postgresqlPort));
    if (instanceName === 'postgresql-primary') {
      // Socket only: nothing answers on TCP.
      await machine.fail(`pg_isready -h 127.0.0.1 -p ${properties.postgresqlPort}`);
      return;
    }
    // The ident map lets root in as the superuser, without switching user.
    assert.equal((await machine.succeed(psql(properties, 'SELECT current_user'), { user: 'root' })).trim(), superuser);
    assert.equal((await asSuperuser('SHOW max_connections')).trim(), '20');
    await asSuperuser(`ALTER ROLE "${superuser}" PASSWORD 'secret'`);
    const overTcp = (password: string) => `PGPASSWORD=${password} ${psql(properties, 'SELECT count(*) FROM greetings', '127.0.0.1')}`;
    assert.equal((await machine.succeed(overTcp('secret'))).trim(), '1');
    await machine.fail(overTcp('wrong'));
  },
  async postTests(params) {
    const { machine, processes, forceDisableUserChange } = params;
    await expectOwnUsers(params);
    // A restart keeps the data: initdb runs on the first start only.
    await machine.procform(['restart', 'postgresql-primary']);
    const properties = propertiesOf(processes['postgresql-primary']!);
    const rows = await machine.succeed(asUser(forceDisableUserChange, properties.postgresqlUsername, psql(properties, 'SELECT count(*) FROM greetings')));
    assert.equal(rows.trim(), '1');
  },
});
