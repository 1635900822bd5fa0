import { describe, expect, it } from 'vitest';
import { pointProcformAt, usePrivateDockerd } from '../../support/docker-suite.ts';
import { hasDocker } from '../../support/private-dockerd.ts';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expectSuccess, runCliIn, statusesIn } from '../../support/cli.ts';
import { httpGet } from '../../support/http.ts';
import { copyWebappsWithState } from '../../support/webapps.ts';
import { checkWebappsSwitch } from '../../support/webapps-switch.ts';

describe.runIf(hasDocker())('the webapps example on docker, against a private dockerd', () => {
  const dockerd = usePrivateDockerd();

  it('deploys, recreates only what a change touches, has docker restart a crashed webapp, proxies daemons, and goes down without leftovers', async () => {
    pointProcformAt(dockerd());
    await checkWebappsSwitch('docker');
  }, 600_000);

  it('privileged: the accounts the switch creates are in the images, webapp runs as its own, nginx answers, and down removes containers, images and accounts', async () => {
    pointProcformAt(dockerd());
    const copy = await copyWebappsWithState();
    const procform = async (args: string[]) => expectSuccess(await runCliIn(copy.stateDir, args, { timeoutMs: 300_000 }), args);
    await procform(['switch', '-P', 'docker', copy.model]);
    const page = await httpGet(`http://127.0.0.1:${copy.ports.nginx}/`, { host: 'webapp.local' });
    expect(page.body).toContain(`listening on port: ${copy.ports.webapp}`);
    const uid = execFileSync('id', ['-u', 'webapp'], { encoding: 'utf8' }).trim();
    const webapp = (await statusesIn(copy.stateDir)).webapp!;
    expect(readFileSync(`/proc/${webapp.pid}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s`, 'm'));
    await procform(['down']);
    expect(dockerd().docker(['ps', '-a', '--format', '{{.Names}}']).stdout.trim()).toBe('');
    expect(dockerd().docker(['images', '--format', '{{.Repository}}']).stdout.trim()).toBe('');
    expect(() => execFileSync('getent', ['passwd', 'webapp'], { stdio: 'ignore' })).toThrow();
  }, 600_000);
});
