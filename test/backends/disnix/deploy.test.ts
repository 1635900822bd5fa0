// `procform switch -P disnix` end to end, unprivileged, everything under a temporary --state-dir:
// no process manager, only process wrappers, PID files and procform's switch.
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstanceStatus } from '../../../src/deploy/types.ts';
import type { CliResult } from '../../support/cli.ts';
import { expectSuccess, runCliIn, statusByInstance } from '../../support/cli.ts';
import { expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { patiently } from '../../support/eventually.ts';
import { freePort } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import { copyWebappsWithState, writeAdvancedIds } from '../../support/webapps.ts';

const buildFlags = ['--force-disable-user-change'];

async function procformOk(stateDir: string, args: string[]): Promise<CliResult> {
  return expectSuccess(await runCliIn(stateDir, args, { timeoutMs: 120_000 }), args);
}

async function statuses(stateDir: string): Promise<Record<string, InstanceStatus>> {
  return statusByInstance((await procformOk(stateDir, ['status', '--json'])).stdout);
}

async function pids(stateDir: string): Promise<Record<string, number | null>> {
  return Object.fromEntries(Object.values(await statuses(stateDir)).map((status) => [status.instance, status.pid]));
}

async function page(port: number, host: string): Promise<string> {
  return (await httpGet(`http://127.0.0.1:${port}/`, { host })).body;
}

describe('disnix deployments', () => {
  it('deploys the webapps with -P process, writes Dysnomia process configurations, switches only what changed, restarts, and goes down without leftovers', async () => {
    const { dir, stateDir, ports, advancedPorts } = await copyWebappsWithState();
    const first = await procformOk(stateDir, ['switch', join(dir, 'processes.ts'), '-P', 'process', ...buildFlags]);
    expect(first.stderr).toMatch(/starting webapp\n[\s\S]*ready +webapp\n[\s\S]*starting nginx\n/);
    expect(await page(ports.nginx, 'webapp.local')).toContain(`listening on port: ${ports.webapp}`);
    const status = await procformOk(stateDir, ['status']);
    expect(status.stdout).toMatch(/^process manager: disnix\n/);
    const initial = await statuses(stateDir);
    expect(Object.values(initial).map(({ state, ready }) => [state, ready])).toEqual([['running', true], ['running', true]]);
    // status gives the program's own PID, not procform-daemonize's.
    expect(readFileSync(`/proc/${initial.webapp!.pid}/cmdline`, 'utf8')).toContain('procform-webapp');

    // The profile holds upstream's Dysnomia configurations: the wrapper and the PID file.
    const profile = join(stateDir, 'lib/procform/profiles', readlinkSync(join(stateDir, 'lib/procform/profiles/processes')));
    const config = readFileSync(join(profile, 'etc/dysnomia/process/webapp'), 'utf8');
    expect(config).toMatch(/^process=\/.*-webapp\/bin\/webapp-process\npidFile=\/.*\/webapp\.pid\n$/);

    const advanced = join(dir, 'processes-advanced.ts');
    expect((await procformOk(stateDir, ['switch', advanced, '-P', 'disnix', ...buildFlags])).stderr).toContain('generation 2: 8 started, 2 stopped, 0 unchanged');
    await expect.poll(() => processesUsing(stateDir).includes(initial.webapp!.pid!), patiently).toBe(false);
    for (const n of [1, 2, 3, 4]) expect(await page(advancedPorts.nginx!, `webapp${n}.local`)).toContain(`listening on port: ${advancedPorts[`webapp${n}`]}`);
    for (const n of [5, 6]) expect(await page(advancedPorts.nginx2!, `webapp${n}.local`)).toContain(`listening on port: ${advancedPorts[`webapp${n}`]}`);

    // A changed port: exactly that webapp and the nginx that routes to it get new PIDs.
    const before = await pids(stateDir);
    writeAdvancedIds(dir, { ...advancedPorts, webapp5: await freePort() });
    expect((await procformOk(stateDir, ['switch', advanced, '-P', 'disnix', ...buildFlags])).stderr).toContain('generation 3: 2 started, 2 stopped, 6 unchanged');
    const after = await pids(stateDir);
    expect(Object.keys(after).filter((instance) => after[instance] !== before[instance]).sort()).toEqual(['nginx2', 'webapp5']);

    // A killed webapp is restarted by procform-daemonize, counted in status.
    process.kill(after.webapp3!, 'SIGKILL');
    await expect.poll(async () => (await statuses(stateDir)).webapp3, patiently).toMatchObject({ state: 'running', ready: true, restarts: 1 });

    // restart: the instances named, alone.
    const beforeRestart = await pids(stateDir);
    expect((await procformOk(stateDir, ['restart', 'webapp1'])).stderr).toContain('1 restarted');
    const restarted = await pids(stateDir);
    expect(Object.keys(restarted).filter((instance) => restarted[instance] !== beforeRestart[instance])).toEqual(['webapp1']);

    // logs: the webapp's own output.
    expect((await procformOk(stateDir, ['logs', 'webapp1', '-n', '5'])).stdout).toContain(`listening on port: ${advancedPorts.webapp1}`);

    const running = processesUsing(stateDir);
    expect(running.length).toBeGreaterThanOrEqual(8);
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir, running);
    expect(Object.values(await statuses(stateDir))).toEqual([]);
  });
});
