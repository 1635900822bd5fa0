// The build-queue model (the seed's Hydra model) under builtin, sysvinit and supervisord,
// privileged and unprivileged:
//   procform test examples/build-queue/test.ts
// A job submitted through Apache is built by the queue runner; the database lets the queue's
// accounts in as role `queue` only, through the ident map; every process runs as its own account.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { shellCommand } from 'procform';
import { testService } from 'procform/testing';

export default testService({
  name: 'build-queue',
  exprFile: './processes.ts',
  processManagers: ['builtin', 'sysvinit', 'supervisord'],
  packages: ['postgresql', 'python3-psycopg2', 'apache2', 'curl'],
  async readiness({ machine, instanceName }) {
    await machine.waitForProcess(instanceName);
  },
  async tests({ machine, instanceName, instance }) {
    if (instanceName !== 'apache') return;
    const site = `http://127.0.0.1:${instance.port}`;
    assert.match(await machine.succeed(`curl -sS --fail -d name=hello ${site}/jobs`), /^queued job \d+$/m);
    const expected = createHash('sha256').update('hello').digest('hex');
    const page = await machine.waitUntilSucceeds(`curl -sS --fail ${site}/ | grep ' hello done '`);
    assert.match(page, new RegExp(`^\\d+ hello done ${expected} queue-runner$`, 'm'));
  },
  async postTests({ machine, processes, forceDisableUserChange }) {
    const statuses = await machine.status();
    const userOf = async (instance: string) => {
      const pid = statuses.find((status) => status.instance === instance)?.pid;
      assert.ok(pid, `${instance} has no PID`);
      return (await machine.succeed(`stat -c %U /proc/${pid}`, { user: 'root' })).trim();
    };
    const expected = forceDisableUserChange
      ? { postgresql: 'unprivileged', 'queue-server': 'unprivileged', 'queue-runner': 'unprivileged' }
      : { postgresql: 'postgresql', 'queue-server': 'queue-server-www', 'queue-runner': 'queue-runner' };
    for (const [instance, user] of Object.entries(expected)) assert.equal(await userOf(instance), user, instance);
    if (forceDisableUserChange) return;
    // The ident map: the web server's account is role `queue`, and cannot pass for the superuser.
    const { postgresqlRuntimeDir, postgresqlPort } = processes.postgresql!.providesContainer!.properties;
    const psqlAs = (account: string, role: string) =>
      `runuser -u ${account} -- ${shellCommand(['psql', '-X', '-tA', '-h', String(postgresqlRuntimeDir), '-p', String(postgresqlPort), '-U', role, '-d', 'queue', '-c', 'SELECT current_user'])}`;
    assert.equal((await machine.succeed(psqlAs('queue-server-www', 'queue'))).trim(), 'queue');
    const refused = await machine.execute(psqlAs('queue-server-www', 'postgresql'));
    assert.match(refused.stderr, /Peer authentication failed|no pg_ident\.conf entry/i);
  },
});
