// The MariaDB model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/mariadb.test.ts
// Each server answers queries from its administrator through its own socket; the primary also from
// an application account over TCP with a password; data survives a restart.
import assert from 'node:assert/strict';
import type { Container } from 'procform';
import { shellCommand } from 'procform';
import { testService } from 'procform/testing';
import { asUser, expectOwnUsers } from './run-as-service-user.ts';

type MysqlContainer = { mysqlPort: number; mysqlSocket: string; mysqlUsername: string };

const propertiesOf = (instance: { providesContainer?: Container }) => {
  assert.equal(instance.providesContainer?.type, 'mysql-database');
  return instance.providesContainer.properties as MysqlContainer;
};

const overSocket = (properties: MysqlContainer, sql: string) =>
  shellCommand(['mariadb', '--no-defaults', '--batch', '--skip-column-names', `--socket=${properties.mysqlSocket}`, '-u', properties.mysqlUsername, '-e', sql]);

const overTcp = (properties: MysqlContainer, password: string, sql: string) =>
  shellCommand(['mariadb', '--no-defaults', '--batch', '--skip-column-names', '-h', '127.0.0.1', '-P', String(properties.mysqlPort), '-u', 'app', `--password=${password}`, '-e', sql]);

export default testService({
  name: 'mariadb',
  exprFile: './mariadb.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['mariadb-server', 'mariadb-client'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance, forceDisableUserChange }) {
    const properties = propertiesOf(instance);
    // The administrator is authenticated by the socket: the server's own account (the deployer, unprivileged).
    const asAdministrator = (sql: string) => machine.succeed(asUser(forceDisableUserChange, properties.mysqlUsername, overSocket(properties, sql)));
    await asAdministrator(`CREATE DATABASE shop; CREATE TABLE shop.greetings (text varchar(100)); INSERT INTO shop.greetings VALUES ('hello from ${instanceName}')`);
    assert.equal((await asAdministrator('SELECT text FROM shop.greetings')).trim(), `hello from ${instanceName}`);
    assert.equal((await asAdministrator('SELECT @@socket')).trim(), properties.mysqlSocket);
    if (instanceName === 'mariadb-secondary') {
      assert.equal((await asAdministrator('SELECT @@max_connections, @@skip_networking')).trim(), '20\t1');
      await machine.fail(`mariadb-admin --no-defaults -h 127.0.0.1 -P ${properties.mysqlPort} ping`);
      return;
    }
    assert.equal((await asAdministrator('SELECT @@port')).trim(), String(properties.mysqlPort));
    await asAdministrator("CREATE USER app@'127.0.0.1' IDENTIFIED BY 'secret'; GRANT SELECT ON shop.* TO app@'127.0.0.1'");
    assert.equal((await machine.succeed(overTcp(properties, 'secret', 'SELECT count(*) FROM shop.greetings'))).trim(), '1');
    await machine.fail(overTcp(properties, 'wrong', 'SELECT 1'));
  },
  async postTests(params) {
    const { machine, processes, forceDisableUserChange } = params;
    await expectOwnUsers(params);
    // A restart keeps the data: mariadb-install-db runs on the first start only.
    await machine.procform(['restart', 'mariadb-primary']);
    const properties = propertiesOf(processes['mariadb-primary']!);
    const rows = await machine.succeed(asUser(forceDisableUserChange, properties.mysqlUsername, overSocket(properties, 'SELECT count(*) FROM shop.greetings')));
    assert.equal(rows.trim(), '1');
  },
});
