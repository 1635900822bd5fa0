import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSwitch } from '../../../src/deploy/plan-switch.ts';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { controlPaths } from '../../../src/backends/builtin/supervisor/paths.ts';
import { freePorts } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import { processesWith, testDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

/** Three busybox web servers; `changed` gets another home folder argument, so only its store path changes. */
const servers = (ports: number[], marker: string, changed: string | null = null) => () => {
  // busybox httpd exits when its home folder is missing.
  for (const folder of ['a', 'b', 'c', 'changed']) mkdirSync(join(marker, folder), { recursive: true });
  return Object.fromEntries(
    ['a', 'b', 'c'].map((key, index) => [
      key,
      {
        pkg: createManagedProcess({
          process: 'busybox',
          args: ['httpd', '-f', '-p', `127.0.0.1:${ports[index]}`, '-h', key === changed ? `${marker}/changed` : `${marker}/${key}`],
          readiness: { kind: 'tcp', port: ports[index]! },
          stop: { timeout: '2s' },
        }),
      },
    ]),
  );
};

const pids = async (deployment: ReturnType<typeof testDeployment>) => Object.fromEntries((await deployment.status()).map((status) => [status.instance, status.pid]));

describe('builtin: apply', () => {
  it('restarts only what changed: unchanged instances keep their PIDs', async () => {
    const deployment = testDeployment();
    const ports = await Promise.resolve(freePorts(3));
    const before = await deployment.deploy(servers(ports, deployment.outDir));
    const first = await pids(deployment);
    await Promise.all(ports.map((port) => httpGet(`http://127.0.0.1:${port}/`).catch(() => null)));

    const after = await deployment.build(servers(ports, deployment.outDir, 'b'));
    const plan = planSwitch(before.manifest, after.manifest);
    expect(plan.start.map((entry) => entry.instance)).toEqual(['b']);
    await deployment.apply(after, plan);
    const second = await pids(deployment);
    expect(second.a).toBe(first.a);
    expect(second.c).toBe(first.c);
    expect(second.b).not.toBe(first.b);
    expect(processesWith(`${deployment.outDir}/b`)).toEqual([]);
    expect(processesWith(`${deployment.outDir}/changed`)).toEqual([second.b]);

    // The same plan again restarts nothing: the instance already runs its new configuration.
    await deployment.apply(after, plan);
    expect(await pids(deployment)).toEqual(second);
  });

  it('starts a kept instance that is not running, without touching the running ones', async () => {
    const deployment = testDeployment();
    const ports = await freePorts(3);
    const profile = await deployment.deploy(servers(ports, deployment.outDir));
    const first = await pids(deployment);
    process.kill(first.b!, 'SIGKILL');
    // It is restarted by policy; make it fail for good by stopping it through a switch that drops it ...
    await deployment.apply(await deployment.build(() => ({})));
    // ... then go back: everything is "kept" relative to the old manifest, but nothing runs.
    await deployment.apply(profile, { stop: [], start: [], keep: profile.manifest.startOrder.map((key) => profile.manifest.instances[key]!) });
    const again = await pids(deployment);
    expect(Object.values(again).every((pid) => typeof pid === 'number')).toBe(true);
    const running = await pids(deployment);
    await deployment.apply(profile, { stop: [], start: [], keep: profile.manifest.startOrder.map((key) => profile.manifest.instances[key]!) });
    expect(await pids(deployment)).toEqual(running);
  });

  it('finishes an apply whose caller went away, and the next apply repairs the rest', async () => {
    const deployment = testDeployment();
    const ports = await freePorts(3);
    await deployment.deploy(servers(ports, deployment.outDir));
    const next = await deployment.build(servers(ports, deployment.outDir, 'a'));
    const plan = planSwitch(deployment.current!.manifest, next.manifest);
    // The caller sends the request and dies at once.
    const socket = connect(controlPaths(join(deployment.stateDir, 'run')).socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`${JSON.stringify({ op: 'apply', profile: next.path, stop: ['a'], start: ['a'], keep: ['b', 'c'], maxConcurrentStarts: 8 })}\n`);
    socket.destroy();
    // The repeated switch waits for the first and finds nothing left to do for a.
    await deployment.apply(next, plan);
    const statuses = await deployment.status();
    expect(statuses.every((status) => status.state === 'running' && status.ready)).toBe(true);
    expect(processesWith(`${deployment.outDir}/changed`)).toHaveLength(1);
    expect(processesWith(`${deployment.outDir}/a`)).toEqual([]);
    await eventually(() => (deployment.supervisorLog().match(/a: started/g)?.length === 2 ? true : undefined));
  });

  it('stops instances a new profile lacks, even when the plan forgets them', async () => {
    const deployment = testDeployment();
    const ports = await freePorts(3);
    await deployment.deploy(servers(ports, deployment.outDir));
    writeFileSync(join(deployment.outDir, 'only'), '');
    const only = await deployment.build(() => ({ a: { pkg: createManagedProcess({ process: 'tail', args: ['-f', join(deployment.outDir, 'only')], restart: 'no' }) } }));
    await deployment.apply(only, { stop: [], start: [only.manifest.instances.a!], keep: [] });
    await eventually(() => (processesWith(join(deployment.outDir, 'only')).length === 1 ? true : undefined));
    for (const old of ['a', 'b', 'c']) expect(processesWith(join(deployment.outDir, old))).toEqual([]);
    expect((await deployment.statusOf('a')).state).toBe('running');
    expect((await deployment.status()).map((status) => status.instance)).toEqual(['a']);
  });
});
