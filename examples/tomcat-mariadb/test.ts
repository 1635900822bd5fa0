// The Tomcat + MariaDB model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/tomcat-mariadb/test.ts
// Every instance describes a container of its own. Then, as Disnix's Dysnomia modules would and
// knowing only the containers' properties, the test deploys a database into each MariaDB container
// and a web application into each Tomcat container; each application reads its own database over JDBC.
import assert from 'node:assert/strict';
import type { Container } from 'procform';
import { shellCommand } from 'procform';
import type { Machine } from 'procform/testing';
import { testService } from 'procform/testing';

const containerOf = (instance: { providesContainer?: Container }): Container => {
  assert.ok(instance.providesContainer, 'the instance describes no container');
  return instance.providesContainer;
};

/** What Dysnomia's mysql-database module does with a container: create a database, here with an account for the application. */
async function deployDatabase(machine: Machine, container: Container, name: string, forceDisableUserChange: boolean): Promise<void> {
  const { mysqlSocket, mysqlUsername } = container.properties;
  const sql = [
    `CREATE DATABASE ${name}`,
    `CREATE TABLE ${name}.entries (text varchar(100))`,
    `INSERT INTO ${name}.entries VALUES ('stored in ${container.name}')`,
    `CREATE USER ${name}@'127.0.0.1' IDENTIFIED BY 'secret'`,
    `GRANT SELECT ON ${name}.* TO ${name}@'127.0.0.1'`,
  ].join('; ');
  const client = shellCommand(['mariadb', '--no-defaults', `--socket=${mysqlSocket}`, '-u', String(mysqlUsername), '-e', sql]);
  // The administrator is the server's own account, authenticated by the socket.
  await machine.succeed(forceDisableUserChange ? client : shellCommand(['runuser', '-u', String(mysqlUsername), '--', 'sh', '-c', client]));
}

/** What Dysnomia's tomcat-webapplication module does: put the application into the container's webapps folder. */
async function deployWebapp(machine: Machine, container: Container, name: string, database: Container): Promise<void> {
  const page = `<%@ page import="java.sql.*" contentType="text/plain; charset=UTF-8" %><%
Class.forName("org.mariadb.jdbc.Driver");
try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:${database.properties.mysqlPort}/${name}", "${name}", "secret");
     ResultSet rows = connection.createStatement().executeQuery("SELECT text FROM entries")) {
  while (rows.next()) out.println(rows.getString(1) + ", served by " + System.getProperty("catalina.base"));
}
%>`;
  const target = `${container.properties.catalinaBaseDir}/webapps/${name}`;
  // Written aside, then moved in whole: Tomcat deploys what appears in webapps/ on its own.
  await machine.succeed(`mkdir -p ${target}.new && cat > ${target}.new/index.jsp <<'EOF'\n${page}\nEOF\nchmod -R a+rX ${target}.new && mv ${target}.new ${target}`, { user: 'root' });
}

export default testService({
  name: 'tomcat-mariadb',
  exprFile: './processes.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['tomcat10', 'mariadb-server', 'mariadb-client', 'libmariadb-java', 'curl'],
  timeoutMs: 240_000,
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName, { timeoutMs: 120_000 });
  },
  async postTests({ machine, processes, forceDisableUserChange }) {
    const containers = Object.values(processes).map(containerOf);
    assert.deepEqual(containers.map((container) => container.name).sort(), [
      'mysql-database-primary',
      'mysql-database-secondary',
      'tomcat-webapplication-primary',
      'tomcat-webapplication-secondary',
    ]);
    // Each Tomcat gets an application reading a database of the MariaDB with the same suffix.
    const pairs = ['primary', 'secondary'].map((suffix) => ({ database: containerOf(processes[`mariadb-${suffix}`]!), webapp: containerOf(processes[`tomcat-${suffix}`]!) }));
    for (const { database, webapp } of pairs) {
      await deployDatabase(machine, database, 'guestbook', forceDisableUserChange);
      await deployWebapp(machine, webapp, 'guestbook', database);
    }
    // Tomcat looks for new applications every 10 seconds: both wait at once.
    await Promise.all(
      pairs.map(async ({ database, webapp }) => {
        const url = `http://127.0.0.1:${webapp.properties.tomcatPort}/guestbook/`;
        const page = await machine.waitUntilSucceeds(`curl -sS --fail ${url}`, { timeoutMs: 60_000 });
        assert.equal(page.trim(), `stored in ${database.name}, served by ${webapp.properties.catalinaBaseDir}`);
      }),
    );
  },
});
