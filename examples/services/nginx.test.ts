// The nginx model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/nginx.test.ts
// The static site answers; each proxy reaches each webapp, by path or by Host header; the path
// proxy answers a repeated request from its cache, so the webapp sees it once.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';
import { expectOwnUsers } from './run-as-service-user.ts';

const pageOf = (port: unknown) => new RegExp(`Simple test webapp listening on port: ${port}\\b`);

export default testService({
  name: 'nginx',
  exprFile: './nginx.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['nginx', 'curl'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance, processes }) {
    const port = instance.port as number;
    const { webapp1, webapp2 } = processes;
    switch (instanceName) {
      case 'nginx-static':
        assert.match(await machine.succeed(`curl -sS --fail http://127.0.0.1:${port}/`), /A static page from the store/);
        break;
      case 'nginx-host':
        assert.match(await machine.succeed(`curl -sS --fail -H 'Host: one.local' http://127.0.0.1:${port}/`), pageOf(webapp1!.port));
        assert.match(await machine.succeed(`curl -sS --fail -H 'Host: two.local' http://127.0.0.1:${port}/`), pageOf(webapp2!.port));
        assert.match(await machine.succeed(`curl -sS -H 'Host: three.local' http://127.0.0.1:${port}/`), /This web application is not deployed/);
        break;
      case 'nginx-path': {
        assert.match(await machine.succeed(`curl -sS --fail http://127.0.0.1:${port}/two/`), pageOf(webapp2!.port));
        // Twice the same page: the second answer comes from the cache, and the webapp sees one request.
        const url = `http://127.0.0.1:${port}/one/cached-${Date.now()}`;
        const cacheStatus = async () => {
          const headers = await machine.succeed(`curl -sS --fail -D - -o /dev/null ${url}`);
          return /^X-Cache-Status: (\w+)/im.exec(headers)?.[1];
        };
        assert.equal(await cacheStatus(), 'MISS');
        assert.equal(await cacheStatus(), 'HIT');
        const path = new URL(url).pathname;
        const requests = (await machine.logs('webapp1', { lines: 200 })).split('\n').filter((line) => line.startsWith(`GET ${path} `));
        assert.equal(requests.length, 1, `webapp1 saw ${requests.length} requests for ${path}`);
        break;
      }
    }
  },
  async postTests(params) {
    const { machine, processes, forceDisableUserChange } = params;
    // nginx's master stays root to bind its port; its workers serve as the instance's account.
    const nginxes = Object.keys(processes).filter((name) => name.startsWith('nginx'));
    await expectOwnUsers(params, Object.fromEntries(nginxes.map((name) => [name, 'root'])));
    if (forceDisableUserChange) return;
    for (const name of nginxes) {
      const { pid } = await machine.waitForProcess(name);
      const children = (await machine.succeed(`for child in $(cat /proc/${pid}/task/*/children); do stat -c %U /proc/$child; done`, { user: 'root' })).trim().split('\n');
      assert.ok(children.length > 0 && children.every((user) => user === name), `${name}'s workers run as ${children.join(', ')}`);
    }
  },
});
