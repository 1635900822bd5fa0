// The xinetd model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/xinetd.test.ts
// The primary's greeting runs as its own account and its echo echoes; a service dropped into the
// secondary's xinetd.d answers once xinetd has reread its configuration (SIGHUP).
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';

/** Connects, sends `input`, and prints the first line that comes back. */
const exchange = (port: unknown, input: string) => `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port} && printf "${input}" >&3 && timeout 5 head -n 1 <&3'`;

export default testService({
  name: 'xinetd',
  exprFile: './xinetd.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['xinetd'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance, forceDisableUserChange }) {
    if (instanceName === 'xinetd-primary') {
      assert.equal((await machine.succeed(exchange(instance.greetingPort, ''))).trim(), forceDisableUserChange ? 'unprivileged' : 'xinetd-primary');
      assert.equal(await machine.succeed(exchange(instance.echoPort, 'echo me\\n')), 'echo me\n');
      return;
    }
    // Deploy a service into it, as another tool would, and have xinetd reread its configuration.
    const user = forceDisableUserChange ? 'unprivileged' : 'nobody';
    const service = ['service deployed', '{', '  type = UNLISTED', `  port = ${instance.port}`, '  socket_type = stream', '  wait = no', '  bind = 127.0.0.1', `  user = ${user}`, '  server = /usr/bin/id', '  server_args = -un', '}'].join('\\n');
    await machine.succeed(`printf '${service}\\n' > ${instance.includeDir}/deployed`);
    const { pid } = await machine.waitForProcess(instanceName);
    await machine.succeed(`kill -HUP ${pid}`);
    await machine.waitForOpenPort(instance.port as number);
    assert.equal((await machine.succeed(exchange(instance.port, ''))).trim(), user);
  },
});
