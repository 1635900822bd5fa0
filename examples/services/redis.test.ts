// The Redis model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/redis.test.ts
// Each server answers PING and keeps what it is given, in its own folder; the secondary only on
// its socket and only after AUTH; the primary's data survives a restart.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';
import { expectOwnUsers } from './run-as-service-user.ts';

const overTcp = (port: unknown, command: string) => `redis-cli -h 127.0.0.1 -p ${port} ${command}`;
const overSocket = (socket: unknown, command: string, password?: string) => `redis-cli -s ${socket} ${password ? `-a ${password} --no-auth-warning ` : ''}${command}`;

export default testService({
  name: 'redis',
  exprFile: './redis.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['redis-server', 'redis-tools'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance }) {
    if (instanceName === 'redis-primary') {
      const cli = (command: string) => machine.succeed(overTcp(instance.port, command));
      assert.equal((await cli('PING')).trim(), 'PONG');
      assert.equal((await cli('SET greeting "hello from redis-primary"')).trim(), 'OK');
      assert.equal((await cli('GET greeting')).trim(), 'hello from redis-primary');
      assert.equal((await cli('CONFIG GET dir')).trim().split('\n')[1], instance.dataDir);
      return;
    }
    assert.match(await machine.succeed(overSocket(instance.socket, 'GET greeting')), /NOAUTH/);
    const cli = (command: string) => machine.succeed(overSocket(instance.socket, command, 'sesame'));
    assert.equal((await cli('SET greeting "hello from redis-secondary"')).trim(), 'OK');
    assert.equal((await cli('GET greeting')).trim(), 'hello from redis-secondary');
    // No TCP port at all.
    assert.equal((await cli('CONFIG GET port')).trim().split('\n')[1], '0');
  },
  async postTests(params) {
    const { machine, processes } = params;
    await expectOwnUsers(params);
    // The append-only file brings the data back after a restart.
    await machine.procform(['restart', 'redis-primary']);
    assert.equal((await machine.succeed(overTcp(processes['redis-primary']!.port, 'GET greeting'))).trim(), 'hello from redis-primary');
  },
});
