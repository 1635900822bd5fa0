// The supervisord model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/supervisord.test.ts
// A program dropped into each instance's conf.d runs once supervisorctl says update, and stops
// with it; the secondary also serves its web interface.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';
import { prepareProgram } from './deployed-program.ts';

export default testService({
  name: 'supervisord',
  exprFile: './supervisord.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['supervisor', 'busybox-static', 'curl'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance, forceDisableUserChange }) {
    const command = await prepareProgram(machine, instanceName, instance.programPort);
    const program = ['[program:greeter]', `command=${command}`, ...(forceDisableUserChange ? [] : ['user=nobody']), ''].join('\\n');
    await machine.succeed(`printf '${program}' > ${instance.confDir}/greeter.conf`);
    const supervisorctl = `supervisorctl -s unix://${instance.socket}`;
    assert.match(await machine.succeed(`${supervisorctl} update`), /greeter: added process group/);
    await machine.waitForOpenPort(instance.programPort as number);
    // STARTING until it has run for supervisord's startsecs (1 s).
    await machine.waitUntilSucceeds(`${supervisorctl} status greeter | grep -q RUNNING`);
    assert.equal((await machine.succeed(`curl -sS --fail http://127.0.0.1:${instance.programPort}/`)).trim(), `deployed into ${instanceName}`);
    const { pid } = await machine.waitForProcess(instanceName);
    const greeterUser = (await machine.succeed(`for child in $(cat /proc/${pid}/task/*/children); do stat -c %U /proc/$child; done`, { user: 'root' })).trim();
    assert.equal(greeterUser, forceDisableUserChange ? 'unprivileged' : 'nobody');
    if (instanceName === 'supervisord-secondary') {
      assert.match(await machine.succeed(`curl -sS --fail http://127.0.0.1:${instance.webPort}/`), /greeter/);
    }
  },
  async postTests({ machine, processes }) {
    // Stopping a supervisord stops what was deployed into it.
    await machine.procform(['down']);
    for (const instance of Object.values(processes)) await machine.waitForClosedPort(instance.programPort as number);
  },
});
