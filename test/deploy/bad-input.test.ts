// Bad input changes nothing: a switch that is refused writes nothing into the store and stops nothing.
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliIn, statusByInstance } from '../support/cli.ts';
import { cleanUpAfterTest } from '../support/deployment-processes.ts';
import { freePort } from '../support/free-port.ts';
import { tempDir } from '../support/temp-dir.ts';

/** A model with one busybox httpd on the port in $WEB_PORT, claimed through the instance's `port`, as services do. */
function webModel(dir: string): string {
  const model = join(dir, 'processes.ts');
  writeFileSync(
    model,
    `import { createManagedProcess, defineProcesses } from 'procform';
const port = Number(process.env.WEB_PORT);
export default defineProcesses(() => process.env.EMPTY ? {} : {
  web: { port, pkg: createManagedProcess({ process: 'busybox', args: ['httpd', '-f', '-p', \`127.0.0.1:\${port}\`], readiness: { kind: 'tcp', port } }) },
});
`,
  );
  return model;
}

/** A listener in a process of its own, as another program on the machine would be. */
async function holdPort(port: number): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('ready'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
}

async function deployment() {
  const dir = tempDir();
  const stateDir = join(dir, 'state');
  const model = webModel(dir);
  cleanUpAfterTest(stateDir);
  onTestFinished(async () => void (await runCliIn(stateDir, ['down'])));
  const store = () => readdirSync(join(stateDir, 'lib/procform/store')).sort();
  const switchTo = (env: Record<string, string>, ...flags: string[]) => runCliIn(stateDir, ['switch', model, '--force-disable-user-change', ...flags], { env });
  const webPid = async () => statusByInstance((await runCliIn(stateDir, ['status', '--json'])).stdout).web?.pid;
  return { stateDir, store, switchTo, webPid };
}

describe('a refused switch changes nothing', () => {
  it('a port held by another program, for a new instance or a changed one that stays, is refused before the store is written', async () => {
    const { store, switchTo, webPid } = await deployment();
    const [first, taken] = [await freePort(), await freePort()];
    await holdPort(taken);

    const refused = await switchTo({ WEB_PORT: String(taken) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`error: instance "web" claims TCP port ${taken}, which node \\(pid \\d+\\) is listening on`));
    expect(() => store()).toThrow(/ENOENT/);

    expect((await switchTo({ WEB_PORT: String(first) })).code).toBe(0);
    const running = await webPid();
    const written = store();
    // The instance stays, with a port another program holds: refused, and it keeps running as it was.
    const moved = await switchTo({ WEB_PORT: String(taken) });
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain(`error: instance "web" claims TCP port ${taken}`);
    expect(store()).toEqual(written);
    expect(await webPid()).toBe(running);
  });

  it('a model without instances does not stop a running deployment unless asked to', async () => {
    const { store, switchTo, webPid } = await deployment();
    const port = String(await freePort());
    expect((await switchTo({ WEB_PORT: port })).code).toBe(0);
    const running = await webPid();
    const written = store();

    const refused = await switchTo({ WEB_PORT: port, EMPTY: '1' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: the model has no instances: switching to it would stop every instance (web)\nhint: Run `procform down` to stop everything, or give --allow-empty');
    expect(store()).toEqual(written);
    expect(await webPid()).toBe(running);

    const allowed = await switchTo({ WEB_PORT: port, EMPTY: '1' }, '--allow-empty');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(await webPid()).toBeUndefined();
  });
});
