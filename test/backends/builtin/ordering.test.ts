import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { freePort } from '../../support/free-port.ts';
import { testDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

const nanoseconds = (file: string) => BigInt(readFileSync(file, 'utf8').trim());

describe('builtin: ordering with readiness', () => {
  it('starts a dependent only once its dependency is ready, and stops in reverse order', async () => {
    const deployment = testDeployment();
    const port = await freePort();
    const listening = join(deployment.outDir, 'db-listening');
    const webStarted = join(deployment.outDir, 'web-started');
    const model = () => {
      // The dependency takes 700 ms before it listens; the dependent records when it starts.
      const db = createManagedProcess({
        process: '/bin/sh',
        args: ['-c', `sleep 0.7; date +%s%N > ${listening}; exec busybox httpd -f -p 127.0.0.1:${port}`],
        readiness: { kind: 'tcp', port },
      });
      const web = createManagedProcess({ process: '/bin/sh', args: ['-c', `date +%s%N > ${webStarted}; exec sleep 1000`], dependencies: [db] });
      return { db: { pkg: db }, web: { pkg: web } };
    };
    await deployment.deploy(model);
    // Without a readiness check, web counts as ready once spawned: its file may come a moment later.
    expect(await eventually(() => (existsSync(webStarted) && readFileSync(webStarted, 'utf8').endsWith('\n') ? nanoseconds(webStarted) : undefined))).toBeGreaterThan(
      nanoseconds(listening),
    );
    const kinds = deployment.events.map((event) => ('instance' in event ? `${event.kind} ${event.instance}` : event.kind));
    expect(kinds.indexOf('starting web')).toBeGreaterThan(kinds.indexOf('ready db'));

    // Removing both stops the dependent first.
    deployment.events.length = 0;
    await deployment.deploy(() => ({}));
    const stops = deployment.events.map((event) => ('instance' in event ? `${event.kind} ${event.instance}` : event.kind));
    expect(stops.indexOf('stopped web')).toBeLessThan(stops.indexOf('stopping db'));
    expect(await deployment.status()).toEqual([]);
  });

  it('limits how many instances are starting (spawned, not yet ready) at once', async () => {
    const deployment = testDeployment({ driver: { maxConcurrentStarts: 2 } });
    const model = () =>
      Object.fromEntries(
        Array.from({ length: 6 }, (_, index) => {
          const marker = join(deployment.outDir, `ready-${index}`);
          const pkg = createManagedProcess({
            process: '/bin/sh',
            args: ['-c', `sleep 0.2; touch ${marker}; exec sleep 1000`],
            readiness: { kind: 'file', path: marker },
          });
          return [`worker${index}`, { pkg }];
        }),
      );
    await deployment.deploy(model);
    let starting = 0;
    let most = 0;
    for (const event of deployment.events) {
      if (event.kind === 'starting') starting += 1;
      if (event.kind === 'ready') starting -= 1;
      most = Math.max(most, starting);
    }
    expect(most).toBe(2);
    expect((await deployment.status()).every((status) => status.state === 'running' && status.ready)).toBe(true);
  });

  it('does not start a dependent whose dependency failed to become ready, and names the instance', async () => {
    const deployment = testDeployment();
    const port = await freePort();
    const model = () => {
      const db = createManagedProcess({ process: '/bin/sleep', args: [1000], readiness: { kind: 'tcp', port, timeout: '300ms' } });
      const web = createManagedProcess({ process: '/bin/sleep', args: [1000], dependencies: [db] });
      return { db: { pkg: db }, web: { pkg: web } };
    };
    const error = await deployment.deploy(model).catch((thrown: Error) => thrown);
    expect(error).toMatchObject({ name: 'InstanceFailedError', instance: 'db' });
    expect((error as Error).message).toContain(`instance "db" failed: not ready after 300 ms (tcp 127.0.0.1:${port})`);
    expect((error as Error).message).toContain('instance "web" failed: not started: its dependency "db" failed');
    const [db, web] = await deployment.status();
    expect(db).toMatchObject({ state: 'failed', pid: null, reason: expect.stringContaining('not ready after 300 ms') });
    expect(web).toMatchObject({ state: 'stopped', pid: null });
    expect(deployment.events).toContainEqual({ kind: 'failed', instance: 'db', reason: expect.stringContaining('not ready') });
  });
});
