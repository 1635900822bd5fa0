// The Tomcat model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/tomcat.test.ts
// Each Tomcat serves the JSP page from its own CATALINA_BASE; only the primary's applications see
// its shared library; the secondary also serves its welcome page and answers AJP's CPing.
import assert from 'node:assert/strict';
import type { Container } from 'procform';
import { testService } from 'procform/testing';
import { expectOwnUsers } from './run-as-service-user.ts';

type TomcatContainer = { tomcatPort: number; catalinaBaseDir: string; ajpPort?: number };

const propertiesOf = (instance: { providesContainer?: Container }) => {
  assert.equal(instance.providesContainer?.type, 'tomcat-webapplication');
  return instance.providesContainer.properties as TomcatContainer;
};

/** AJP's CPing (0x12 0x34, length 1, type 10) must be answered by a CPong (AB, length 1, type 9). */
const ajpCping = (port: number) => `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port} && printf "\\x12\\x34\\x00\\x01\\x0a" >&3 && head -c 5 <&3 | od -An -tx1'`;

export default testService({
  name: 'tomcat',
  exprFile: './tomcat.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['tomcat10', 'curl'],
  timeoutMs: 240_000,
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName, { timeoutMs: 120_000 });
  },
  async tests({ machine, instanceName, instance }) {
    const properties = propertiesOf(instance);
    const page = await machine.succeed(`curl -sS --fail http://127.0.0.1:${properties.tomcatPort}/hello/`);
    assert.match(page, new RegExp(`^catalina.base=${properties.catalinaBaseDir}$`, 'm'));
    if (instanceName === 'tomcat-primary') {
      assert.match(page, /^greeting=hello from the shared class loader$/m);
      // No root application: Tomcat's own 404.
      assert.equal((await machine.succeed(`curl -sS -o /dev/null -w '%{http_code}' http://127.0.0.1:${properties.tomcatPort}/`)).trim(), '404');
      return;
    }
    assert.match(page, /^greeting=none$/m);
    assert.match(await machine.succeed(`curl -sS --fail http://127.0.0.1:${properties.tomcatPort}/`), /It works !/);
    assert.ok(properties.ajpPort, 'the secondary has no AJP port');
    assert.equal((await machine.succeed(ajpCping(properties.ajpPort), { user: 'root' })).trim(), '41 42 00 01 09');
  },
  async postTests(params) {
    await expectOwnUsers(params);
  },
});
