// The webapps example through procform's command line on one process manager, as a user runs it:
// the first model, the advanced one, a changed port that restarts only that webapp and its nginx,
// a killed webapp restarted, `restart`, `logs`, and `down` without leftovers. Backends that deploy
// without a long-running manager of their own run it from their tests (disnix, openrc).
import { join } from 'node:path';
import { expect } from 'vitest';
import type { InstanceStatus } from '../../src/deploy/types.ts';
import type { CliResult } from './cli.ts';
import { expectSuccess, runCliIn, statusByInstance } from './cli.ts';
import { expectNothingRunning, processesUsing } from './deployment-processes.ts';
import { patiently } from './eventually.ts';
import { freePort } from './free-port.ts';
import { httpGet } from './http.ts';
import type { WebappsCopyWithState } from './webapps.ts';
import { copyWebappsWithState, writeAdvancedIds } from './webapps.ts';

export async function procformOk(stateDir: string, args: string[]): Promise<CliResult> {
  return expectSuccess(await runCliIn(stateDir, args, { timeoutMs: 120_000 }), args);
}

export async function statuses(stateDir: string): Promise<Record<string, InstanceStatus>> {
  return statusByInstance((await procformOk(stateDir, ['status', '--json'])).stdout);
}

async function pids(stateDir: string): Promise<Record<string, number | null>> {
  return Object.fromEntries(Object.values(await statuses(stateDir)).map((status) => [status.instance, status.pid]));
}

async function page(port: number, host: string): Promise<string> {
  return (await httpGet(`http://127.0.0.1:${port}/`, { host })).body;
}

/** Runs the flow unprivileged with `-P processManager`; `afterFirst` looks at the first deployment. */
export async function webappsFlow(processManager: string, afterFirst: (copy: WebappsCopyWithState) => Promise<void> = async () => {}): Promise<void> {
  const copy = await copyWebappsWithState();
  const { dir, stateDir, ports, advancedPorts } = copy;
  const flags = ['-P', processManager, '--force-disable-user-change'];
  const first = await procformOk(stateDir, ['switch', join(dir, 'processes.ts'), ...flags]);
  expect(first.stderr).toMatch(/starting webapp\n[\s\S]*ready +webapp\n[\s\S]*starting nginx\n/);
  expect(await page(ports.nginx, 'webapp.local')).toContain(`listening on port: ${ports.webapp}`);
  const initial = await statuses(stateDir);
  expect(Object.values(initial).map(({ state, ready }) => [state, ready])).toEqual([['running', true], ['running', true]]);
  await afterFirst(copy);

  const advanced = join(dir, 'processes-advanced.ts');
  expect((await procformOk(stateDir, ['switch', advanced, ...flags])).stderr).toContain('generation 2: 8 started, 2 stopped, 0 unchanged');
  await expect.poll(() => processesUsing(stateDir).includes(initial.webapp!.pid!), patiently).toBe(false);
  for (const n of [1, 2, 3, 4]) expect(await page(advancedPorts.nginx!, `webapp${n}.local`)).toContain(`listening on port: ${advancedPorts[`webapp${n}`]}`);
  for (const n of [5, 6]) expect(await page(advancedPorts.nginx2!, `webapp${n}.local`)).toContain(`listening on port: ${advancedPorts[`webapp${n}`]}`);

  // A changed port: exactly that webapp and the nginx that routes to it get new PIDs.
  const before = await pids(stateDir);
  writeAdvancedIds(dir, { ...advancedPorts, webapp5: await freePort() });
  expect((await procformOk(stateDir, ['switch', advanced, ...flags])).stderr).toContain('generation 3: 2 started, 2 stopped, 6 unchanged');
  const after = await pids(stateDir);
  expect(Object.keys(after).filter((instance) => after[instance] !== before[instance]).sort()).toEqual(['nginx2', 'webapp5']);

  // A killed webapp is restarted, as a new process, counted in status.
  process.kill(after.webapp3!, 'SIGKILL');
  await expect.poll(async () => (await statuses(stateDir)).webapp3, patiently).toMatchObject({ state: 'running', ready: true, restarts: 1 });
  expect((await statuses(stateDir)).webapp3!.pid).not.toBe(after.webapp3);

  // restart: the instance named, alone.
  const beforeRestart = await pids(stateDir);
  expect((await procformOk(stateDir, ['restart', 'webapp1'])).stderr).toContain('1 restarted');
  const restarted = await pids(stateDir);
  expect(Object.keys(restarted).filter((instance) => restarted[instance] !== beforeRestart[instance])).toEqual(['webapp1']);

  expect((await procformOk(stateDir, ['logs', 'webapp1', '-n', '5'])).stdout).toContain(`listening on port: ${advancedPorts.webapp1}`);

  const running = processesUsing(stateDir);
  expect(running.length).toBeGreaterThanOrEqual(8);
  await procformOk(stateDir, ['down']);
  await expectNothingRunning(stateDir, running);
  expect(Object.values(await statuses(stateDir))).toEqual([]);
}
