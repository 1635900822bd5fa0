import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { webapp } from '../../../services/webapp.ts';
import type { ProcessContext } from '../../../src/model/types.ts';
import { isRunning, readProcStat } from '../../../src/process/proc-stat.ts';
import { freePorts } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import { processesWith, testDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

const model = (marker: string, ports: number[]) => (ctx: ProcessContext) => {
  mkdirSync(`${marker}/httpd`, { recursive: true });
  writeFileSync(`${marker}/sleeper`, '');
  return {
  // Not `tail -f`, which exits soon after the supervisor holding its output pipe dies.
  sleeper: { pkg: createManagedProcess({ process: process.execPath, args: ['-e', 'setInterval(() => {}, 1 << 30)', `${marker}/sleeper`], restart: 'no' }) },
  httpd: {
    pkg: createManagedProcess({
      process: 'busybox',
      args: ['httpd', '-f', '-p', `127.0.0.1:${ports[0]}`, '-h', `${marker}/httpd`],
      readiness: { kind: 'tcp', port: ports[0]! },
    }),
  },
  // A daemon-mode instance: not our child, tracked through its PID file.
  daemon: { pkg: { ...webapp(ctx)({ port: ports[1]!, instanceName: 'daemon', mode: 'daemon' }), environment: { PORT: String(ports[1]), PID_FILE: `${marker}/daemon.pid` }, pidFile: `${marker}/daemon.pid` } },
  };
};

const copies = (marker: string) => ({
  sleeper: processesWith(`${marker}/sleeper`).length,
  httpd: processesWith(`${marker}/httpd`).length,
});

/**
 * One copy of each, once the sleeper (ready as soon as it is spawned) has reached exec, and still a
 * moment later: the one wait here that is not for a condition, because it looks for an absence
 * (no second copy appearing).
 */
async function expectOneCopyEach(marker: string): Promise<void> {
  await eventually(() => (copies(marker).sleeper === 1 ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(copies(marker)).toEqual({ sleeper: 1, httpd: 1 });
}

describe('builtin: the supervisor is SIGKILLed', () => {
  it('its guardian stops every child, and the next apply runs exactly one copy of each', async () => {
    const deployment = testDeployment();
    const ports = await freePorts(2);
    const profile = await deployment.deploy(model(deployment.outDir, ports));
    const daemonPid = (await deployment.statusOf('daemon')).pid!;
    await expectOneCopyEach(deployment.outDir);

    process.kill(deployment.supervisorPid()!, 'SIGKILL');
    await eventually(() => {
      const left = copies(deployment.outDir);
      return left.sleeper === 0 && left.httpd === 0 && readProcStat(daemonPid) === null ? true : undefined;
    }, 15_000, 'the children to be stopped');

    const keep = profile.manifest.startOrder.map((key) => profile.manifest.instances[key]!);
    await deployment.apply(profile, { stop: [], start: [], keep });
    await expectOneCopyEach(deployment.outDir);
    expect((await httpGet(`http://127.0.0.1:${ports[1]}/`)).body).toContain(`listening on port: ${ports[1]}`);
  });

  it('when the guardian dies with it, the next supervisor stops the leftovers before starting anything', async () => {
    const deployment = testDeployment();
    const ports = await freePorts(2);
    const profile = await deployment.deploy(model(deployment.outDir, ports));
    await expectOneCopyEach(deployment.outDir);
    const old = processesWith(`${deployment.outDir}/sleeper`);
    const guardian = Number(/guardian (\d+) watches/.exec(deployment.supervisorLog())![1]);
    const supervisor = deployment.supervisorPid()!;
    // Frozen first: a supervisor that sees its guardian die starts another one at once.
    process.kill(supervisor, 'SIGSTOP');
    process.kill(guardian, 'SIGKILL');
    process.kill(supervisor, 'SIGKILL');
    // The children survive both (once both are gone, nobody is left to stop them) ... The
    // supervisor is gone once reaped (this process started it): a killed Node's main thread is a
    // zombie while its other threads still exit, its control socket still open.
    await eventually(() => !isRunning(guardian) && readProcStat(supervisor) === null, 10_000, 'the supervisor and its guardian to be gone');
    expect(processesWith(`${deployment.outDir}/sleeper`)).toEqual(old);

    const keep = profile.manifest.startOrder.map((key) => profile.manifest.instances[key]!);
    await deployment.apply(profile, { stop: [], start: [], keep });
    // ... until the next supervisor starts: exactly one copy of each afterwards, and not the old one.
    await expectOneCopyEach(deployment.outDir);
    expect(processesWith(`${deployment.outDir}/sleeper`)).not.toEqual(old);
    expect(deployment.supervisorLog()).toMatch(/sleeper: stopping processes left by a previous supervisor/);
    expect((await httpGet(`http://127.0.0.1:${ports[1]}/`)).status).toBe(200);
  });

  it('a SIGSTOPped child gets its stop signal from the guardian at once: SIGCONT follows it', async () => {
    const deployment = testDeployment();
    const logged = `${deployment.outDir}/got-sigterm`;
    // Logs its SIGTERM; a long stop timeout, so that only SIGCONT (not the guardian's SIGKILL) lets it see the signal in time.
    const script = "process.on('SIGTERM', () => { require('node:fs').writeFileSync(process.argv[1], 'SIGTERM'); process.exit(0); }); setInterval(() => {}, 1 << 30);";
    await deployment.deploy(() => ({ frozen: { pkg: createManagedProcess({ process: process.execPath, args: ['-e', script, logged], restart: 'no', stop: { timeout: '25s' } }) } }));
    const pid = (await deployment.statusOf('frozen')).pid!;
    process.kill(pid, 'SIGSTOP');
    await eventually(() => readProcStat(pid)?.state === 'T', 5000, 'the child to be stopped');

    process.kill(deployment.supervisorPid()!, 'SIGKILL');
    await eventually(() => existsSync(logged), 10_000, 'the stopped child to log its SIGTERM');
    await eventually(() => !isRunning(pid), 5000, 'the child to exit');
  });

  it('a SIGSTOPped leftover gets its stop signal from the next supervisor at once: SIGCONT follows it', async () => {
    const deployment = testDeployment();
    const logged = `${deployment.outDir}/got-sigterm`;
    const script = "process.on('SIGTERM', () => { require('node:fs').writeFileSync(process.argv[1], 'SIGTERM'); process.exit(0); }); setInterval(() => {}, 1 << 30);";
    const profile = await deployment.deploy(() => ({ frozen: { pkg: createManagedProcess({ process: process.execPath, args: ['-e', script, logged], restart: 'no', stop: { timeout: '25s' } }) } }));
    const pid = (await deployment.statusOf('frozen')).pid!;
    const guardian = Number(/guardian (\d+) watches/.exec(deployment.supervisorLog())![1]);
    const supervisor = deployment.supervisorPid()!;
    process.kill(pid, 'SIGSTOP');
    await eventually(() => readProcStat(pid)?.state === 'T', 5000, 'the child to be stopped');
    process.kill(supervisor, 'SIGSTOP');
    process.kill(guardian, 'SIGKILL');
    process.kill(supervisor, 'SIGKILL');
    await eventually(() => !isRunning(guardian) && readProcStat(supervisor) === null, 10_000, 'the supervisor and its guardian to be gone');

    // The next supervisor stops the leftover before it starts anything; without SIGCONT it would SIGKILL it after 10 s, unlogged.
    const keep = profile.manifest.startOrder.map((key) => profile.manifest.instances[key]!);
    await deployment.apply(profile, { stop: [], start: [], keep });
    expect(existsSync(logged)).toBe(true);
    expect(isRunning(pid)).toBe(false);
  });

  it('replaces a guardian that was killed, and the replacement still stops the children', async () => {
    const deployment = testDeployment();
    const ports = await freePorts(2);
    await deployment.deploy(model(deployment.outDir, ports));
    await expectOneCopyEach(deployment.outDir);
    const guardians = () => [...deployment.supervisorLog().matchAll(/guardian (\d+) watches/g)].map((match) => Number(match[1]));
    process.kill(guardians()[0]!, 'SIGKILL');
    await eventually(() => (guardians().length === 2 ? true : undefined), 10_000, 'a new guardian');
    process.kill(deployment.supervisorPid()!, 'SIGKILL');
    await eventually(() => {
      const left = copies(deployment.outDir);
      return left.sleeper === 0 && left.httpd === 0 ? true : undefined;
    }, 15_000, 'the children to be stopped');
  });
});
