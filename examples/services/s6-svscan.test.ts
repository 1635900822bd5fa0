// The s6-svscan model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/s6-svscan.test.ts
// A service directory put into each scan directory is supervised once s6-svscanctl says rescan:
// it comes up, is brought down and up again with s6-svc, and stops with its s6-svscan.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';
import { prepareProgram } from './deployed-program.ts';

export default testService({
  name: 's6-svscan',
  exprFile: './s6-svscan.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['s6', 'busybox-static', 'curl'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance }) {
    const command = await prepareProgram(machine, instanceName, instance.programPort);
    const service = `${instance.scanDir}/greeter`;
    await machine.succeed(`mkdir ${service}.new && printf '#!/bin/sh\\nexec ${command}\\n' > ${service}.new/run && chmod +x ${service}.new/run && mv ${service}.new ${service}`);
    await machine.succeed(`s6-svscanctl -a ${instance.scanDir}`);
    await machine.waitForOpenPort(instance.programPort as number);
    assert.equal((await machine.succeed(`curl -sS --fail http://127.0.0.1:${instance.programPort}/`)).trim(), `deployed into ${instanceName}`);
    assert.match(await machine.succeed(`s6-svstat ${service}`), /^up /);
    await machine.succeed(`s6-svc -d ${service}`);
    await machine.waitForClosedPort(instance.programPort as number);
    await machine.succeed(`s6-svc -u ${service}`);
    await machine.waitForOpenPort(instance.programPort as number);
  },
  async postTests({ machine, processes }) {
    // Stopping s6-svscan stops what it supervises.
    await machine.procform(['down']);
    for (const instance of Object.values(processes)) await machine.waitForClosedPort(instance.programPort as number);
  },
});
