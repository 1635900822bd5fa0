// The Apache model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/apache.test.ts
// The static site answers; the HTTP proxy returns the webapp's page; the AJP proxy refuses anyone
// without the right password and returns Tomcat's page to alice.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';
import { expectOwnUsers } from './run-as-service-user.ts';

const curl = (port: number, options = '') => `curl -sS ${options} http://127.0.0.1:${port}/`;
const statusOf = (port: number, options = '') => curl(port, `-o /dev/null -w '%{http_code}' ${options}`);

export default testService({
  name: 'apache',
  exprFile: './apache.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['apache2', 'tomcat10', 'curl'],
  timeoutMs: 240_000,
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName, { timeoutMs: 120_000 });
  },
  async tests({ machine, instanceName, instance, processes }) {
    const port = instance.port as number;
    switch (instanceName) {
      case 'apache-static':
        assert.match(await machine.succeed(curl(port, '--fail')), /A static page from the store/);
        break;
      case 'apache-proxy':
        assert.match(await machine.succeed(curl(port, '--fail')), new RegExp(`Simple test webapp listening on port: ${processes.webapp!.port}\\b`));
        break;
      case 'apache-ajp': {
        assert.equal((await machine.succeed(statusOf(port))).trim(), '401');
        assert.equal((await machine.succeed(statusOf(port, '-u alice:wrong'))).trim(), '401');
        assert.equal((await machine.succeed(statusOf(port, '-u mallory:wonderland'))).trim(), '401');
        const page = await machine.succeed(curl(port, '--fail -u alice:wonderland'));
        assert.match(page, new RegExp(`^catalina.base=${(processes.tomcat!.providesContainer!.properties.catalinaBaseDir as string)}$`, 'm'));
        break;
      }
    }
  },
  async postTests(params) {
    const { machine, processes, forceDisableUserChange } = params;
    // Apache's master stays root to bind its port; its children serve as the instance's account.
    const apaches = Object.keys(processes).filter((name) => name.startsWith('apache'));
    await expectOwnUsers(params, Object.fromEntries(apaches.map((name) => [name, 'root'])));
    if (forceDisableUserChange) return;
    for (const name of apaches) {
      const { pid } = await machine.waitForProcess(name);
      const children = (await machine.succeed(`for child in $(cat /proc/${pid}/task/*/children); do stat -c %U /proc/$child; done`, { user: 'root' })).trim().split('\n');
      assert.ok(children.length > 0 && children.every((user) => user === name), `${name}'s children run as ${children.join(', ')}`);
    }
  },
});
