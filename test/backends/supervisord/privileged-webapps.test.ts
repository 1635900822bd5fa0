import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellCommand } from '../../../src/shell/quote.ts';
import { runWithPrivateEtc } from '../../credentials/support/private-etc.ts';
import { cliPath, repoRoot } from '../../support/cli.ts';
import { freePorts } from '../../support/free-port.ts';
import { supervisordDeployment } from './deployment.ts';

// Needs root; the accounts (webapp, nginx) are created in a private copy of /etc, never the machine's.
describe.skipIf(process.getuid?.() !== 0)('the webapps example on supervisord, privileged', () => {
  it('runs the webapp as its own user in foreground and daemon mode, behind nginx, and removes the accounts on down', async () => {
    const deployment = supervisordDeployment({ privileged: true, downOnCleanup: false });
    const { dir, stateDir } = deployment;
    cpSync(join(repoRoot, 'examples/webapps'), dir, { recursive: true });
    const [webappPort, nginxPort] = await freePorts(2);
    // IDs far from the example's and the system's, unlikely to be taken on the machine.
    const ids = { ids: { webappPorts: { webapp: webappPort }, nginxPorts: { nginx: nginxPort }, uids: { webapp: 47001, nginx: 47002 }, gids: { webapp: 47001, nginx: 47002 } } };
    writeFileSync(join(dir, 'ids.json'), JSON.stringify(ids));
    const procform = (...args: string[]) => `node ${shellCommand([cliPath, ...args, '--state-dir', stateDir])}`;
    const conf = join(stateDir, 'lib/procform/supervisord/supervisord.conf');
    const out = (name: string) => shellCommand([join(dir, name)]);
    const observe = (mode: string) =>
      [
        `curl -s -H 'Host: webapp.local' http://127.0.0.1:${nginxPort}/ > ${out(`${mode}.page`)}`,
        // The webapp's process (the daemon, for the proxied one), and an nginx worker.
        `pid=$(${procform('status', '--json')} | node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s).find(i=>i.instance==="webapp").pid))')`,
        `stat -c '%U %G' "/proc/$pid" > ${out(`${mode}.webapp-user`)}`,
        `master=$(supervisorctl -c ${shellCommand([conf])} pid nginx)`,
        `worker=$(cut -d ' ' -f 1 "/proc/$master/task/$master/children")`,
        `stat -c %U "/proc/$worker" > ${out(`${mode}.nginx-worker-user`)}`,
      ].join('\n');
    const script = [
      `${procform('switch', '-P', 'supervisord', join(dir, 'processes.ts'))} 2> ${out('switch.err')}`,
      observe('foreground'),
      `${procform('switch', '-P', 'supervisord', '--extra-params', '{"webappMode":"daemon"}', join(dir, 'processes.ts'))} 2>> ${out('switch.err')}`,
      observe('daemon'),
      `${procform('down')} 2> ${out('down.err')}`,
      `getent passwd webapp nginx > ${out('accounts-after')} || true`,
    ].join('\n');
    const result = await runWithPrivateEtc(script);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8').trim();
    expect(result.code, `${result.stderr}\n${readFileSync(join(dir, 'switch.err'), 'utf8')}`).toBe(0);
    for (const mode of ['foreground', 'daemon']) {
      expect(read(`${mode}.page`), mode).toContain(`Simple test webapp listening on port: ${webappPort}`);
      expect(read(`${mode}.webapp-user`).split(/\s+/), mode).toEqual(['webapp', 'webapp']);
      expect(read(`${mode}.nginx-worker-user`), mode).toBe('nginx');
    }
    expect(read('accounts-after')).toBe('');
    expect(await deployment.processes()).toEqual([]);
  });
});
