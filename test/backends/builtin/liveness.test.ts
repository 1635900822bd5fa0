import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { eventually } from '../../support/eventually.ts';
import { freePorts } from '../../support/free-port.ts';
import type { InstanceStatus } from '../../../src/deploy/types.ts';
import type { TestDeployment } from './deployment.ts';
import { testDeployment } from './deployment.ts';

// A small HTTP server that says when it gets SIGTERM: a stopped (SIGSTOPped) one still has its
// connections accepted by the kernel, but answers nothing, as a deadlocked server.
const server = `
const port = Number(process.argv[1]);
require('node:http').createServer((request, response) => response.end('ok')).listen(port, '127.0.0.1');
process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(0); });
`;

function httpServer(port: number) {
  const url = `http://127.0.0.1:${port}/`;
  return createManagedProcess({
    process: process.execPath,
    args: ['-e', server, String(port)],
    readiness: { kind: 'http', url },
    liveness: { kind: 'http', url, period: '200ms', timeout: '300ms', failures: 3 },
    // Without SIGCONT after SIGTERM, a stopped server would be killed only after this.
    stop: { timeout: '8s' },
  });
}

/** The instance's status once `check` holds (within 20 s). */
function statusOnce(deployment: TestDeployment, instance: string, what: string, check: (status: InstanceStatus) => boolean): Promise<InstanceStatus> {
  return eventually(
    async () => {
      const status = await deployment.statusOf(instance);
      return check(status) ? status : undefined;
    },
    20_000,
    what,
  );
}

/** Running and ready again, in another process. */
const restartedFrom = (before: InstanceStatus) => (status: InstanceStatus) => status.state === 'running' && status.ready === true && status.pid !== before.pid;

describe('builtin: liveness checks', () => {
  it('restarts a server that hangs (SIGSTOP), with its stop signal, counting the restart; a healthy one is left alone', async () => {
    const deployment = testDeployment();
    const [hangsPort, healthyPort] = await freePorts(2);
    await deployment.deploy(() => ({ hangs: { pkg: httpServer(hangsPort!) }, healthy: { pkg: httpServer(healthyPort!) } }));
    const before = await deployment.statusOf('hangs');
    const healthyBefore = await deployment.statusOf('healthy');
    expect(before).toMatchObject({ state: 'running', ready: true, restarts: 0 });

    const stoppedAt = Date.now();
    process.kill(before.pid!, 'SIGSTOP');
    const after = await statusOnce(deployment, 'hangs', 'hangs restarted', restartedFrom(before));
    const restartedAfterMs = Date.now() - stoppedAt;
    expect(after.restarts).toBe(1);
    // Three attempts of 300 ms, the stop and a start: well within the 8 s stop timeout, as SIGCONT woke it for its SIGTERM.
    expect(restartedAfterMs).toBeLessThan(8_000);
    expect(existsSync(`/proc/${before.pid}`)).toBe(false);

    const log = readFileSync(deployment.logFile('hangs'), 'utf8');
    expect(log).toContain(`[procform] liveness check failed 3 times: GET http://127.0.0.1:${hangsPort}/: no answer within 300 ms; restarting\n`);
    expect(log).toContain('got SIGTERM');
    const supervisorLog = deployment.supervisorLog();
    expect(supervisorLog).toContain(`hangs: PID ${before.pid}: liveness check failed 3 times: GET http://127.0.0.1:${hangsPort}/: no answer within 300 ms; restarting`);
    expect(supervisorLog).toMatch(new RegExp(`hangs: PID ${before.pid} hung: its liveness check failed 3 times \\(GET .*\\) after \\d+ ms`));
    expect(supervisorLog).not.toMatch(/hangs: still running after/);

    // The healthy one was probed all along (every 200 ms) and never restarted.
    expect(await deployment.statusOf('healthy')).toMatchObject({ state: 'running', ready: true, pid: healthyBefore.pid, restarts: 0 });
    expect(supervisorLog).not.toMatch(/healthy: PID \d+: liveness/);
  });

  it('kills a hung process that ignores its stop signal after the stop timeout, then restarts it', async () => {
    const deployment = testDeployment();
    const alive = join(deployment.outDir, 'alive');
    // It says it is alive by creating a file at each start; removing the file makes its check fail.
    await deployment.deploy(() => ({
      stubborn: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          args: ['-c', `trap '' TERM; touch ${alive}; while :; do sleep 0.1; done`],
          liveness: { kind: 'exec', command: ['/usr/bin/test', '-e', alive], period: '200ms', failures: 2 },
          stop: { timeout: '500ms' },
        }),
      },
    }));
    const before = await deployment.statusOf('stubborn');
    rmSync(alive);
    const after = await statusOnce(deployment, 'stubborn', 'stubborn restarted', restartedFrom(before));
    expect(after.restarts).toBe(1);
    const supervisorLog = deployment.supervisorLog();
    expect(supervisorLog).toContain(`stubborn: PID ${before.pid}: liveness check failed 2 times: /usr/bin/test -e ${alive} exited 1; restarting`);
    expect(supervisorLog).toMatch(/stubborn: still running after 500 ms, sending SIGKILL/);
    expect(readFileSync(deployment.logFile('stubborn'), 'utf8')).toContain('[procform] liveness check failed 2 times');
  });

  it("stops and fails a hung process under restart: 'no', saying why", async () => {
    const deployment = testDeployment();
    const alive = join(deployment.outDir, 'alive');
    await deployment.deploy(() => ({
      once: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          args: ['-c', `touch ${alive}; exec sleep 1000`],
          liveness: { kind: 'exec', command: `test -e ${alive}`, period: '200ms', failures: 2 },
          restart: 'no',
        }),
      },
    }));
    const before = await deployment.statusOf('once');
    rmSync(alive);
    const failed = await statusOnce(deployment, 'once', 'once failed', (status) => status.state === 'failed');
    expect(failed).toMatchObject({ pid: null, restarts: 0 });
    expect(failed.reason).toMatch(/^hung: its liveness check failed 2 times \(\/bin\/sh -c test -e .* exited 1\); restart policy is 'no'/);
    expect(deployment.supervisorLog()).toContain(`once: PID ${before.pid}: liveness check failed 2 times: /bin/sh -c test -e ${alive} exited 1; stopping it (restart policy is 'no')`);
    expect(existsSync(`/proc/${before.pid}`)).toBe(false);
  });
});
