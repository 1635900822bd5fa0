// The D-Bus model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/dbus.test.ts
// Every bus answers method calls on its own socket; on a session bus its user owns any name; on
// the system bus (privileged), which runs as messagebus, the service policy lets root own its name
// and refuses everyone else.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';

const call = (socket: unknown, method: string, args = '') =>
  `dbus-send --bus=unix:path=${socket} --dest=org.freedesktop.DBus --type=method_call --print-reply /org/freedesktop/DBus org.freedesktop.DBus.${method} ${args}`;
const requestName = (socket: unknown, name: string) => call(socket, 'RequestName', `string:${name} uint32:0`);

export default testService({
  name: 'dbus',
  exprFile: './dbus.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['dbus'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance }) {
    const socket = instance.socket;
    assert.match(await machine.succeed(call(socket, 'GetId')), /string "[0-9a-f]{32}"/);
    if (instanceName !== 'dbus-daemon') {
      // A session bus: its user may own any name (1: DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER).
      assert.match(await machine.succeed(requestName(socket, 'org.procform.Anything')), /uint32 1/);
      return;
    }
    assert.match(await machine.succeed(requestName(socket, 'org.procform.Example')), /uint32 1/);
    const other = await machine.execute(`runuser -u nobody -- ${requestName(socket, 'org.procform.Example')}`);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /AccessDenied/);
    const unknown = await machine.execute(requestName(socket, 'org.procform.Other'));
    assert.match(unknown.stderr, /AccessDenied/);
    const { pid } = await machine.waitForProcess(instanceName);
    assert.equal((await machine.succeed(`stat -c %U /proc/${pid}`)).trim(), 'messagebus');
  },
});
