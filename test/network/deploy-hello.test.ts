// procform deploy on a real network: the seed's hello-world server and client on two sandbox
// machines, each with its own sshd and procform; the coordinator in the bridge's namespace.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNetwork } from './support/test-network.ts';
import { createTestNetwork } from './support/test-network.ts';

const fixtures = new URL('./fixtures/hello/', import.meta.url).pathname;

describe.runIf(process.getuid?.() === 0)('procform deploy: hello world on two machines', { timeout: 300_000 }, () => {
  let network: TestNetwork;
  let dir: string;
  beforeAll(async () => {
    network = await createTestNetwork({ machines: ['test1', 'test2'] });
    dir = join(network.dir, 'hello');
    cpSync(fixtures, dir, { recursive: true });
    // test2 deploys managed processes with supervisord.
    network.writeInfrastructure(join(dir, 'infrastructure.ts'), { extra: { test2: { processManager: 'supervisord' } } });
  }, 120_000);
  afterAll(async () => {
    await network?.destroy();
  });

  const deploy = (distribution: string, ...more: (string | NodeJS.ProcessEnv)[]) =>
    network.procform(['deploy', '-s', 'services.ts', '-i', 'infrastructure.ts', '-d', distribution, '--state-dir', join(network.dir, 'coordinator'), ...more.filter((arg) => typeof arg === 'string')], {
      cwd: dir,
      timeoutMs: 180_000,
      env: Object.assign({}, ...more.filter((arg) => typeof arg !== 'string')),
    });
  const ask = async (machine: string, port: number) => {
    const result = await network.coordinator([process.execPath, '-e', 'fetch(process.argv[1]).then(async (r) => process.stdout.write(r.status + " " + (await r.text())), (e) => process.stdout.write("unreachable " + e.cause?.code))', `http://${network.machine(machine).address}:${port}/`]);
    return result.stdout;
  };
  /** PIDs of the network's process services on a machine, by service. */
  const pidsOn = async (machine: string): Promise<Record<string, number>> => {
    const result = await network.coordinator(['ssh', '-F', network.sshConfig, network.machine(machine).address, 'procform status --json --profile network-process --runtime-dir /var/run/procform-network-process']);
    expect(result.code, result.stderr).toBe(0);
    return Object.fromEntries((JSON.parse(result.stdout) as { instance: string; pid: number }[]).map(({ instance, pid }) => [instance, pid]));
  };

  it('deploys the server on one machine and the client, which reaches it, on the other', async () => {
    const first = await deploy('distribution.ts');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('generation 1: 3 activated, 0 deactivated');
    // Built here, for each machine; each machine got the store entries it lacked.
    expect(first.stderr).toMatch(/phase 1: building \d+ container configuration\(s\) for 2 machine\(s\) here/);
    expect(first.stderr).toMatch(/phase 1: test1: [1-9]\d* store entr(y|ies) sent, 0 there already/);
    expect(await ask('test2', 8001)).toBe(`200 ${network.machine('test2').sandbox.id} asked http://${network.machine('test1').address}:8000/: Hello world from ${network.machine('test1').sandbox.id}\n`);
    expect(Object.keys(await pidsOn('test1'))).toEqual(['server']);
    expect(Object.keys(await pidsOn('test2'))).toEqual(['client']);
    // The managed process runs under supervisord, in the network-managed-process deployment.
    expect(await ask('test2', 8002)).toBe(`200 Hello world from ${network.machine('test2').sandbox.id}\n`);
    const managed = await network.coordinator(['ssh', '-F', network.sshConfig, network.machine('test2').address, 'procform status --profile network-managed-process --runtime-dir /var/run/procform-network-managed-process']);
    expect(managed.stdout).toMatch(/supervisord/);
    expect(managed.stdout).toMatch(/greeter\s+running/);
  });

  it('builds on the coordinator what the machine would build itself, byte for byte', async () => {
    const onTest2 = (command: string) => network.coordinator(['ssh', '-F', network.sshConfig, network.machine('test2').address, command]);
    const current = await onTest2('readlink -f /var/lib/procform/profiles/network-managed-process');
    expect(current.code, current.stderr).toBe(0);
    // The container's model is left on the machine; building it there gives the profile the coordinator sent.
    const own = await onTest2('procform build /var/lib/procform/network/network-managed-process.ts -P supervisord --state-dir /var --runtime-dir /var/run/procform-network-managed-process');
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout.trim()).toBe(current.stdout.trim());
    expect(own.stdout.trim()).toMatch(/^\/var\/lib\/procform\/store\/[0-9a-z]{32}-profile-supervisord$/);
  });

  it('changes nothing when deployed again', async () => {
    const before = { ...(await pidsOn('test1')), ...(await pidsOn('test2')) };
    const again = await deploy('distribution.ts');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('the network already runs this configuration: nothing to do');
    expect({ ...(await pidsOn('test1')), ...(await pidsOn('test2')) }).toEqual(before);
  });

  it('moves one service: only it is deactivated and activated, the server keeps running (machines building for themselves)', async () => {
    const { server } = await pidsOn('test1');
    const dryRun = await deploy('distribution-moved.ts', '--dry-run');
    expect(dryRun.stdout).toBe('deactivate client on test2 (process)\nactivate client on test1 (process)\n');
    const moved = await deploy('distribution-moved.ts', '--build-on', 'target');
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).not.toContain('store entr');
    expect(moved.stderr).toContain('generation 2: 1 activated, 1 deactivated');
    expect(await pidsOn('test1')).toMatchObject({ server });
    expect(Object.keys(await pidsOn('test1')).sort()).toEqual(['client', 'server']);
    expect(await pidsOn('test2')).toEqual({});
    expect(await ask('test1', 8001)).toMatch(/^200 .* asked http:\/\/10\.77\.0\.10:8000\/: Hello world/);
    expect(await ask('test2', 8001)).toBe('unreachable ECONNREFUSED');
  });

  it('rolls every machine back when an activation fails on the last one', async () => {
    // A coordinator without its copies of the services model (deployed from elsewhere) fetches them from the machines.
    rmSync(join(network.dir, 'coordinator/lib/procform/network/models'), { recursive: true });
    const rollback = await deploy('distribution.ts', '--rollback');
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stderr).toMatch(/phase 1: fetching services model [0-9a-f]{32} from test\d/);
    expect(rollback.stderr).toContain('rolled back to generation 1');
    const before = { test1: await pidsOn('test1'), test2: await pidsOn('test2') };
    expect(Object.keys(before.test2)).toEqual(['client']);

    const failed = await deploy('distribution-broken.ts');
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain('activating client on test1');
    expect(failed.stderr).toContain('error: activating broken on test2 failed');
    expect(failed.stderr).toContain('every machine was rolled back to its previous configuration');
    // As before: the client on test2 again (a new process: it was moved and moved back), nothing on test1 but the server.
    expect(await pidsOn('test1')).toEqual(before.test1);
    expect(Object.keys(await pidsOn('test2'))).toEqual(['client']);
    expect(await ask('test2', 8001)).toMatch(/^200 /);
    const list = await deploy('distribution.ts', '--list-generations');
    expect(list.stdout).toBe('1 (current)\n2\n');
  });

  it('refuses a machine another coordinator has locked, and changes nothing', async () => {
    const test2 = network.machine('test2').address;
    await network.coordinator(['ssh', '-F', network.sshConfig, test2, 'mkdir ~/.procform-network.lock && echo elsewhere:/coordinator > ~/.procform-network.lock/owner']);
    const refused = await deploy('distribution-moved.ts');
    expect(refused.code).toBe(69);
    expect(refused.stderr).toContain('error: locking the machines failed on 1 machine:\n  test2: another deploy holds the machine (elsewhere:/coordinator); if it is gone, remove ~/.procform-network.lock there');
    expect(Object.keys(await pidsOn('test2'))).toEqual(['client']);
    await network.coordinator(['ssh', '-F', network.sshConfig, test2, 'rm -r ~/.procform-network.lock']);
  });

  it('repairs a deploy whose coordinator was killed half-way', async () => {
    const { server } = await pidsOn('test1');
    // Killed right after its first step: the client is gone from test2 and not yet on test1.
    const killed = await deploy('distribution-moved.ts', { PROCFORM_FAULT_POINT: 'network-step-done@1' });
    expect([null, 137], killed.stderr).toContain(killed.code);
    expect(killed.stderr).toContain('deactivating client on test2');
    expect(await pidsOn('test2')).toEqual({});
    expect(await pidsOn('test1')).toEqual({ server });

    const repaired = await deploy('distribution-moved.ts');
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stderr).toContain('repairing an interrupted deploy');
    expect(await pidsOn('test1')).toMatchObject({ server });
    expect(Object.keys(await pidsOn('test1')).sort()).toEqual(['client', 'server']);
    expect(await ask('test1', 8001)).toMatch(/^200 .* Hello world/);
    const again = await deploy('distribution-moved.ts');
    expect(again.stderr).toContain('nothing to do');
  });
});
