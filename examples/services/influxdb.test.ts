// The InfluxDB model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/influxdb.test.ts
// Each server stores points written over HTTP and returns them to the influx client, in databases
// of its own; the secondary refuses anyone who does not authenticate.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';
import { expectOwnUsers } from './run-as-service-user.ts';

export default testService({
  name: 'influxdb',
  exprFile: './influxdb.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['influxdb', 'influxdb-client', 'curl'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance }) {
    const database = instanceName.replace('-', '_');
    const secured = instanceName === 'influxdb-secondary';
    const credentials = secured ? '-username admin -password sesame' : '';
    const influx = (query: string, options = '') => machine.succeed(`influx -host 127.0.0.1 -port ${instance.port} ${credentials} ${options} -execute '${query}'`);
    if (secured) {
      // Without users, the first admin may be created without credentials; after that, nothing is.
      await machine.succeed(`influx -host 127.0.0.1 -port ${instance.port} -execute "CREATE USER admin WITH PASSWORD 'sesame' WITH ALL PRIVILEGES"`);
      assert.equal((await machine.succeed(`curl -sS -o /dev/null -w '%{http_code}' 'http://127.0.0.1:${instance.port}/query?q=SHOW+DATABASES'`)).trim(), '401');
    }
    await influx(`CREATE DATABASE ${database}`);
    const auth = secured ? '-u admin:sesame' : '';
    const written = await machine.succeed(`curl -sS ${auth} -o /dev/null -w '%{http_code}' -XPOST 'http://127.0.0.1:${instance.port}/write?db=${database}' --data-binary 'greeting,instance=${instanceName} value=42'`);
    assert.equal(written.trim(), '204');
    assert.match(await influx('SELECT value FROM greeting', `-database ${database} -format csv`), /^greeting,\d+,42$/m);
    // Each server has its own databases.
    const databases = await influx('SHOW DATABASES', '-format csv');
    assert.ok(!databases.includes(secured ? 'influxdb_primary' : 'influxdb_secondary'), databases);
  },
  async postTests(params) {
    await expectOwnUsers(params);
  },
});
