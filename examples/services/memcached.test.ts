// The memcached model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/memcached.test.ts
// Each server stores and returns an item of its own over the text protocol, with its own memory limit.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';
import { expectOwnUsers } from './run-as-service-user.ts';

/** Sends text-protocol commands (lines) and returns the server's whole answer; `quit` ends the connection. */
const talk = (port: unknown, lines: string[]) =>
  `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port} && printf "${[...lines, 'quit'].map((line) => `${line}\\r\\n`).join('')}" >&3 && cat <&3'`;

export default testService({
  name: 'memcached',
  exprFile: './memcached.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['memcached'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance }) {
    const value = `hello from ${instanceName}`;
    const answer = await machine.succeed(talk(instance.port, [`set greeting 0 0 ${value.length}`, value, 'get greeting']));
    assert.equal(answer, `STORED\r\nVALUE greeting 0 ${value.length}\r\n${value}\r\nEND\r\n`);
    const settings = await machine.succeed(talk(instance.port, ['stats settings']));
    assert.match(settings, new RegExp(`^STAT maxbytes ${(instance.memoryMB as number) * 1024 * 1024}\\r$`, 'm'));
  },
  async postTests(params) {
    await expectOwnUsers(params);
  },
});
