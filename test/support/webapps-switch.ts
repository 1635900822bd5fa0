// The advanced webapps example (six webapps behind two nginx) through the command line on one
// process manager, unprivileged: switch, a changed port, a crash, restart, logs, a mode change and
// down. For backends whose own tests are this flow (s6-rc, runit); builtin's has more of its own.
import { expect } from 'vitest';
import type { InstanceStatus } from '../../src/deploy/types.ts';
import type { CliResult } from './cli.ts';
import { expectSuccess, runCliIn, statusesIn } from './cli.ts';
import { expectNothingRunning, processesUsing } from './deployment-processes.ts';
import { eventually } from './eventually.ts';
import { freePort } from './free-port.ts';
import { httpGet } from './http.ts';
import { copyWebappsWithState, writeAdvancedIds } from './webapps.ts';

const webapps = ['webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6'];
const proxyOf = (name: string) => (['webapp5', 'webapp6'].includes(name) ? 'nginx2' : 'nginx');

export async function checkWebappsSwitch(processManager: string): Promise<void> {
  const copy = await copyWebappsWithState();
  const { stateDir } = copy;
  const flags = ['-P', processManager, '--force-disable-user-change'];
  const procform = async (args: string[]): Promise<CliResult> => expectSuccess(await runCliIn(stateDir, args, { timeoutMs: 120_000 }), args);
  // Exit code 3 while one is not running (webapp3 between its crash and its restart), as users rely on.
  const statuses = (): Promise<Record<string, InstanceStatus>> => statusesIn(stateDir);
  const pids = async () => Object.fromEntries(Object.values(await statuses()).map((status) => [status.instance, status.pid]));
  const changedPids = (before: Record<string, number | null>, after: Record<string, number | null>) => Object.keys(after).filter((name) => after[name] !== before[name]).sort();
  let ports = copy.advancedPorts;
  const expectEveryWebappServed = async () => {
    for (const name of webapps) {
      const page = await httpGet(`http://127.0.0.1:${ports[proxyOf(name)]}/`, { host: `${name}.local` });
      expect(page.body, name).toContain(`listening on port: ${ports[name]}`);
    }
  };

  await procform(['switch', ...flags, copy.advanced]);
  await expectEveryWebappServed();
  const first = await statuses();
  for (const status of Object.values(first)) expect(status, status.instance).toMatchObject({ state: 'running', pid: expect.any(Number), ready: true });

  // A changed port restarts exactly that webapp and the nginx that routes to it.
  const before = await pids();
  ports = { ...ports, webapp5: await freePort() };
  writeAdvancedIds(copy.dir, ports);
  expect((await procform(['switch', ...flags, copy.advanced])).stderr).toContain('generation 2: 2 started, 2 stopped, 6 unchanged');
  const after = await pids();
  expect(changedPids(before, after)).toEqual(['nginx2', 'webapp5']);
  await expectEveryWebappServed();

  // A webapp killed with SIGKILL comes back as a new process, counted as a restart.
  process.kill(after.webapp3!, 'SIGKILL');
  const restarted = await eventually(async () => {
    const webapp3 = (await statuses()).webapp3!;
    return webapp3.state === 'running' && webapp3.pid !== after.webapp3 ? webapp3 : undefined;
  }, 30_000, 'webapp3 to be restarted');
  expect(restarted.restarts).toBe(1);
  await eventually(async () => (await httpGet(`http://127.0.0.1:${ports.nginx}/`, { host: 'webapp3.local' })).body.includes(`port: ${ports.webapp3}`), 30_000, 'webapp3 to answer again');

  // restart: the instance named, alone.
  const beforeRestart = await pids();
  expect((await procform(['restart', 'webapp2'])).stderr).toMatch(/stopped +webapp2\n[\s\S]*webapp2\n1 restarted/);
  expect(changedPids(beforeRestart, await pids())).toEqual(['webapp2']);
  await expectEveryWebappServed();

  expect((await procform(['logs', 'webapp1', '-n', '50'])).stdout).toContain(`listening on port: ${ports.webapp1}`);

  // Daemon mode: the webapps daemonize; each nginx follows (its dependencies changed), and every page still answers.
  const beforeDaemons = await pids();
  await procform(['switch', ...flags, '--extra-params', '{"webappMode":"daemon"}', copy.advanced]);
  const daemons = await statuses();
  for (const name of webapps) expect(daemons[name], name).toMatchObject({ state: 'running', ready: true });
  expect(changedPids(beforeDaemons, await pids())).toEqual(expect.arrayContaining(webapps));
  await expectEveryWebappServed();

  const running = processesUsing(stateDir);
  await procform(['down']);
  await expectNothingRunning(stateDir, running);
}
