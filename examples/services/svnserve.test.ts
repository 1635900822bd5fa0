// The svnserve model under builtin, sysvinit and supervisord, privileged and unprivileged:
//   procform test examples/services/svnserve.test.ts
// Anyone checks out over svn://; alice commits to the primary and a fresh checkout has her file;
// anonymous commits are refused; the secondary serves its own repositories.
import assert from 'node:assert/strict';
import { testService } from 'procform/testing';
import { expectOwnUsers } from './run-as-service-user.ts';

const svn = 'svn --non-interactive --no-auth-cache';

export default testService({
  name: 'svnserve',
  exprFile: './svnserve.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['subversion'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance }) {
    const url = (repository: string) => `svn://127.0.0.1:${instance.port}/${repository}`;
    const work = `$HOME/${instanceName}`;
    if (instanceName === 'svnserve-secondary') {
      for (const repository of ['docs', 'tools']) assert.match(await machine.succeed(`${svn} checkout ${url(repository)} ${work}-${repository}`), /Checked out revision 0\./);
      assert.notEqual((await machine.execute(`${svn} checkout ${url('project')} ${work}-project`)).code, 0);
      return;
    }
    assert.match(await machine.succeed(`${svn} checkout ${url('project')} ${work}`), /Checked out revision 0\./);
    await machine.succeed(`echo 'hello from ${instanceName}' > ${work}/README && ${svn} add ${work}/README`);
    const anonymous = await machine.execute(`${svn} commit -m 'anonymous' ${work}`);
    assert.notEqual(anonymous.code, 0, 'an anonymous commit went through');
    assert.match(await machine.succeed(`${svn} commit -m 'by alice' --username alice --password wonderland ${work}`), /Committed revision 1\./);
    assert.match(await machine.succeed(`${svn} checkout ${url('project')} ${work}-again && cat ${work}-again/README`), new RegExp(`hello from ${instanceName}`));
    assert.match(await machine.succeed(`${svn} log ${url('project')}`), /alice/);
  },
  async postTests(params) {
    await expectOwnUsers(params);
  },
});
