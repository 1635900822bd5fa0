import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { repoRoot } from '../../support/cli.ts';
import { freePorts } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import { supervisordDeployment } from './deployment.ts';

const webapps = ['webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6'];

describe('switching between the webapps examples on supervisord', () => {
  it('starts only what is new, keeps the PIDs of what is unchanged, rolls back, and stops everything for an empty model', async () => {
    const deployment = supervisordDeployment();
    cpSync(join(repoRoot, 'examples/webapps'), deployment.dir, { recursive: true });
    const ports = await freePorts(10);
    const ids = {
      ids: {
        webappPorts: Object.fromEntries(['webapp', ...webapps].map((name, index) => [name, ports[index]!])),
        nginxPorts: { nginx: ports[7]!, nginx2: ports[8]! },
      },
    };
    const idsFile = join(deployment.dir, 'test.ids.json');
    writeFileSync(idsFile, JSON.stringify(ids));
    const simple = join(deployment.dir, 'processes.ts');
    const advanced = join(deployment.dir, 'processes-advanced.ts');
    const page = async (proxy: 'nginx' | 'nginx2', host: string) => (await httpGet(`http://127.0.0.1:${ids.ids.nginxPorts[proxy]}/`, { host })).body;
    const pids = async () => Object.fromEntries(Object.entries(await deployment.status()).map(([instance, status]) => [instance, status.pid]));

    await deployment.switchTo(simple, ['--ids', idsFile]);
    const before = await pids();

    // The models share only nginx, whose configuration lists other webapps: nothing can be kept.
    const plan = await deployment.cli(['switch', '-P', 'supervisord', '--force-disable-user-change', '--ids', idsFile, '--dry-run', advanced]);
    expect(plan.stdout.split('\n').filter((line) => line.startsWith('stop')).map((line) => line.split(/\s+/)[1]).sort()).toEqual(['nginx', 'webapp']);
    expect(plan.stdout).not.toMatch(/^keep/m);
    await deployment.switchTo(advanced, ['--ids', idsFile]);
    for (const [index, name] of webapps.entries()) {
      expect(await page(index < 4 ? 'nginx' : 'nginx2', `${name}.local`)).toContain(`listening on port: ${ids.ids.webappPorts[name as 'webapp1']}`);
    }
    const advancedPids = await pids();
    expect(advancedPids.nginx).not.toBe(before.nginx);
    expect(Object.keys(advancedPids).sort()).toEqual(['nginx', 'nginx2', ...webapps].sort());

    // One webapp's port changes: exactly it and the nginx that embeds the port restart.
    writeFileSync(idsFile, JSON.stringify({ ids: { ...ids.ids, webappPorts: { ...ids.ids.webappPorts, webapp5: ports[9]! } } }));
    const changed = await deployment.switchTo(advanced, ['--ids', idsFile]);
    expect(changed.stderr).toMatch(/2 started, 2 stopped, 6 unchanged/);
    const afterChange = await pids();
    for (const instance of ['nginx', 'webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp6']) expect(afterChange[instance], instance).toBe(advancedPids[instance]);
    for (const instance of ['nginx2', 'webapp5']) expect(afterChange[instance], instance).not.toBe(advancedPids[instance]);
    expect(await page('nginx2', 'webapp5.local')).toContain(`listening on port: ${ports[9]}`);

    // Rollback brings the previous generation's processes back, again touching only those two.
    const rollback = await deployment.cli(['rollback']);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(await page('nginx2', 'webapp5.local')).toContain(`listening on port: ${ids.ids.webappPorts.webapp5}`);
    const rolledBack = await pids();
    for (const instance of ['nginx', 'webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp6']) expect(rolledBack[instance], instance).toBe(advancedPids[instance]);

    // An empty model (with --allow-empty: without it, it is refused) stops every program, and the supervisord procform started for them.
    const empty = join(deployment.dir, 'empty.ts');
    writeFileSync(empty, "import { defineProcesses } from 'procform';\nexport default defineProcesses(() => ({}));\n");
    const supervisord = deployment.supervisordPid();
    const emptied = await deployment.switchTo(empty, ['--allow-empty']);
    expect(emptied.stderr).toMatch(/0 started, 8 stopped/);
    expect(await deployment.processes()).toEqual([]);
    expect(supervisord).not.toBeNull();
    expect(isRunning(supervisord!)).toBe(false);
  });
});
