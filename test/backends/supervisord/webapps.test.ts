import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../../../src/process/proc-stat.ts';
import { shellCommand } from '../../../src/shell/quote.ts';
import { runWithPrivateEtc } from '../../credentials/support/private-etc.ts';
import { cliPath } from '../../support/cli.ts';
import { httpGet } from '../../support/http.ts';
import { copyWebapps } from '../../support/webapps.ts';
import { commandLineOf, supervisordDeployment } from './deployment.ts';

describe('the webapps example on supervisord (unprivileged)', () => {
  it('serves the webapp through nginx in foreground, daemon and automatic mode, and undeploys without leftovers', async () => {
    const deployment = supervisordDeployment();
    const { model, ports } = await copyWebapps(deployment.dir);
    const { webapp: webappPort, nginx: nginxPort } = ports;
    const page = async () => (await httpGet(`http://127.0.0.1:${nginxPort}/`, { host: 'webapp.local' })).body;

    await deployment.switchTo(model, ['--extra-params', '{"webappMode":"foreground"}']);
    expect(await page()).toContain(`Simple test webapp listening on port: ${webappPort}`);
    const foreground = await deployment.status();
    expect(foreground.webapp).toMatchObject({ state: expect.stringMatching(/^(starting|running)$/), ready: true });
    expect(commandLineOf(foreground.webapp!.pid!)).not.toContain('--procform-daemon-child');
    // An unknown host gets nginx's error page, not a webapp.
    expect((await httpGet(`http://127.0.0.1:${nginxPort}/`, { host: 'other.local' })).body).toContain('not deployed');

    // Daemon mode: only the webapp changes; nginx keeps running untouched.
    const daemonSwitch = await deployment.switchTo(model, ['--extra-params', '{"webappMode":"daemon"}']);
    expect(daemonSwitch.stderr).toMatch(/1 started, 1 stopped, 1 unchanged/);
    expect(await page()).toContain(`listening on port: ${webappPort}`);
    const daemon = await deployment.status();
    expect(daemon.nginx!.pid).toBe(foreground.nginx!.pid);
    // The status names the daemon itself, not its foreground proxy.
    expect(commandLineOf(daemon.webapp!.pid!)).toContain('--procform-daemon-child');

    // Automatic: supervisord prefers the foreground process, as upstream.
    await deployment.switchTo(model);
    const automatic = await deployment.status();
    expect(commandLineOf(automatic.webapp!.pid!)).not.toContain('--procform-daemon-child');
    expect(automatic.nginx!.pid).toBe(foreground.nginx!.pid);
    expect(await page()).toContain(`listening on port: ${webappPort}`);

    // restart: the webapp alone; nginx, which depends on it, keeps running.
    const restarted = await deployment.cli(['restart', 'webapp']);
    expect(restarted.code, restarted.stderr).toBe(0);
    const afterRestart = await deployment.status();
    expect(afterRestart.webapp!.pid).not.toBe(automatic.webapp!.pid);
    expect(afterRestart.nginx!.pid).toBe(foreground.nginx!.pid);
    expect(await page()).toContain(`listening on port: ${webappPort}`);

    const logs = await deployment.cli(['logs', 'webapp', '-n', '20']);
    expect(logs.stdout).toContain(`Simple test webapp listening on port: ${webappPort}`);

    const supervisord = deployment.supervisordPid()!;
    const down = await deployment.cli(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(await deployment.processes()).toEqual([]);
    // Gone, or a zombie until init reaps it (it was detached from the procform that started it).
    expect(isRunning(supervisord)).toBe(false);
  });
});

// Needs root to make the throw-away user, in a private copy of /etc.
describe.skipIf(process.getuid?.() !== 0)('the webapps example on supervisord, as a normal user', () => {
  it('runs supervisord and every program as that user, in its own state folder', async () => {
    const deployment = supervisordDeployment({ downOnCleanup: false });
    const { dir, stateDir } = deployment;
    const { webapp: webappPort, nginx: nginxPort } = (await copyWebapps(join(dir, 'model'))).ports;
    const procform = (...args: string[]) => `node ${shellCommand([cliPath, ...args, '--state-dir', stateDir])}`;
    const out = (name: string) => shellCommand([join(dir, name)]);
    const asUser = [
      `${procform('switch', '-P', 'supervisord', join(dir, 'model/processes.ts'))} 2> ${out('switch.err')}`,
      `curl -s -H 'Host: webapp.local' http://127.0.0.1:${nginxPort}/ > ${out('page')}`,
      `stat -c %U "/proc/$(cat ${shellCommand([join(stateDir, 'run/procform-supervisord/supervisord.pid')])})" > ${out('supervisord-user')}`,
      `${procform('status', '--json')} > ${out('status.json')}`,
      `${procform('down')} 2> ${out('down.err')}`,
    ].join('\n');
    const script = [
      `useradd --no-log-init --no-user-group --home-dir ${shellCommand([dir])} pfsupervisord`,
      `chown pfsupervisord ${shellCommand([dir])}`,
      `runuser -u pfsupervisord -- env HOME=${shellCommand([dir])} sh -ec ${shellCommand([asUser])}`,
    ].join('\n');
    const result = await runWithPrivateEtc(script);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8').trim();
    expect(result.code, `${result.stderr}\n${read('switch.err')}`).toBe(0);
    expect(read('page')).toContain(`Simple test webapp listening on port: ${webappPort}`);
    expect(read('supervisord-user')).toBe('pfsupervisord');
    const statuses = JSON.parse(read('status.json')) as { instance: string; ready: boolean }[];
    expect(statuses.map((status) => [status.instance, status.ready])).toEqual([
      ['webapp', true],
      ['nginx', true],
    ]);
    expect(await deployment.processes()).toEqual([]);
  });
});
