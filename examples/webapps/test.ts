// The webapps examples under every process manager procform deploys to and both profiles:
//   procform test examples/webapps/test.ts
// As the seed's tests: every webapp answers directly and through the nginx that routes to it by
// Host header, and in the privileged profile every process runs as its own user.
import assert from 'node:assert/strict';
import type { Instance } from 'procform';
import type { InstanceParams, Machine, VariantParams } from 'procform/testing';
import { testService } from 'procform/testing';

/** A webapp: what nginx routes to by Host header (its dnsName). */
const isWebapp = (instance: Instance): instance is Instance & { port: number; dnsName: string } => typeof instance.dnsName === 'string';

async function readiness({ machine, instance }: InstanceParams): Promise<void> {
  if (typeof instance.port === 'number') await machine.waitForOpenPort(instance.port);
}

async function tests({ machine, instance }: InstanceParams): Promise<void> {
  const expectPage = async (page: string, port: number) => assert.match(page, new RegExp(`Simple test webapp listening on port: ${port}\\b`));
  if (isWebapp(instance)) {
    await expectPage(await machine.succeed(`curl -sS --fail http://localhost:${instance.port}/`), instance.port);
    return;
  }
  // An nginx: each webapp it depends on answers through it, by its Host header.
  const webapps = (instance.pkg.dependencies ?? []).filter((dependency): dependency is Instance & { port: number; dnsName: string } => 'pkg' in dependency && isWebapp(dependency));
  assert.ok(webapps.length > 0, 'the nginx instance routes to no webapp');
  for (const webapp of webapps) {
    await expectPage(await machine.succeed(`curl -sS --fail -H 'Host: ${webapp.dnsName}' http://localhost:${instance.port}/`), webapp.port);
  }
}

/** The user of each process and of its children (nginx's workers), as the machine's /proc says: one command for all. */
async function usersOf(machine: Machine, pids: number[]): Promise<Map<number, { main: string; children: string[] }>> {
  const script = `for pid in ${pids.join(' ')}; do echo "$pid $(stat -c %U /proc/$pid) $(for child in $(cat /proc/$pid/task/*/children); do stat -c %U /proc/$child; done)"; done`;
  const lines = (await machine.succeed(script, { user: 'root' })).trim().split('\n');
  return new Map(
    lines.map((line) => {
      const [pid, main = '', ...children] = line.trim().split(/\s+/);
      return [Number(pid), { main, children }];
    }),
  );
}

// Privileged: each webapp runs as its own account, nginx's master as root and its workers as the
// nginx account (the accounts procform's switch created). Unprivileged: everything as the deployer.
async function postTests({ machine, processes, forceDisableUserChange }: VariantParams): Promise<void> {
  const statuses = await machine.status();
  const pidOf = (name: string) => {
    const status = statuses.find((entry) => entry.instance === name);
    assert.ok(status?.pid, `${name} has no PID in procform status: ${JSON.stringify(status)}`);
    return status.pid;
  };
  const users = await usersOf(machine, Object.keys(processes).map(pidOf));
  for (const [name, instance] of Object.entries(processes)) {
    const { main, children } = users.get(pidOf(name))!;
    if (forceDisableUserChange) {
      assert.deepEqual(new Set([main, ...children]), new Set(['unprivileged']), `${name} runs as ${main}, its children as ${children.join(', ')}`);
    } else if (isWebapp(instance)) {
      assert.equal(main, instance.pkg.user, `${name} runs as ${main}`);
    } else {
      const account = Object.keys(instance.pkg.credentials?.users ?? {})[0];
      assert.equal(main, 'root', `${name}'s master process runs as ${main}`);
      assert.ok(children.length > 0 && children.every((user) => user === account), `${name}'s workers run as ${children.join(', ')}, not ${account}`);
    }
  }
}

const common = { packages: ['nginx', 'curl'], readiness, tests, postTests };

export default [
  testService({ name: 'webapps', exprFile: './processes.ts', ...common }),
  testService({ name: 'webapps-advanced', exprFile: './processes-advanced.ts', ...common }),
];
