// Unprivileged deployments to a user manager (`systemctl --user`): systemd as PID 1 in a sandbox,
// a user of the sandbox with its own manager (user@UID.service, as a login starts it), and
// procform run as that user with its defaults: no option says "user manager".
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { InstanceStatus } from '../../../src/deploy/types.ts';
import { expectedArgv, expectedEnv, probeScript } from '../../support/argv-env-model.ts';
import { statusByInstance } from '../../support/cli.ts';
import { eventually } from '../../support/eventually.ts';
import { curl, procform, procformOk, processIds, resetUnits, unitProperties } from './support/in-sandbox.ts';
import { copyWebapps } from '../../support/webapps.ts';
import type { Sandbox, SandboxExecOptions } from '../../../src/sandbox/index.ts';
import { createSandbox } from '../../../src/sandbox/index.ts';

let sandbox: Sandbox;
let shared: string;
let user: { uid: number; home: string };
// Commands run as the sandbox's unprivileged user unless they say otherwise.
const asUser: SandboxExecOptions = {};
let folders = 0;

beforeAll(async () => {
  if (process.getuid?.() !== 0) return;
  shared = mkdtempSync(join(tmpdir(), 'procform-systemd-user-e2e-'));
  chmodSync(shared, 0o755);
  sandbox = await createSandbox({ profile: 'unprivileged', init: 'systemd', name: 'systemd-user', binds: [{ source: shared }] });
  user = sandbox.account!;
});

afterAll(async () => {
  await sandbox?.destroy();
  if (shared) rmSync(shared, { recursive: true, force: true });
});

/** A folder for the test's model (readable by the user), and a state folder of the user's; undeployed at the end. */
function deployment(): { dir: string; state: string[] } {
  const dir = join(shared, `t${(folders += 1)}`);
  mkdirSync(dir);
  const state = ['--state-dir', `${user.home}/state-${folders}`];
  onTestFinished(async () => {
    await procform(sandbox, ['down', ...state], asUser);
    await resetUnits(sandbox, 'user');
  });
  return { dir, state };
}

async function statusOf(state: string[], options = asUser): Promise<Record<string, InstanceStatus>> {
  const result = await procformOk(sandbox, ['status', '--json', ...state], options);
  return statusByInstance(result.stdout);
}

// Sandboxes need root (namespaces, mounts, cgroups); CI runs the tests as root.
describe.skipIf(process.getuid?.() !== 0)('systemd user manager (unprivileged)', () => {
  it('deploys the webapps example as units of the deploying user, switches to processes-advanced.ts, and stops everything', async () => {
    const { dir, state } = deployment();
    const example = await copyWebapps(dir);
    const switched = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, example.model], asUser);
    expect(switched.stderr).toMatch(/generation 1: 2 started/);
    expect(await curl(sandbox, example.ports.nginx, 'webapp.local')).toContain(`Simple test webapp listening on port: ${example.ports.webapp}`);

    const status = await statusOf(state);
    expect(status.webapp).toMatchObject({ state: 'running', ready: true });
    expect(status.nginx).toMatchObject({ state: 'running', ready: true });
    expect(await processIds(sandbox, status.webapp!.pid!)).toMatchObject({ uid: user.uid });
    expect(await unitProperties(sandbox, 'procform-webapp.service', 'user')).toMatchObject({ UnitFileState: 'enabled', Type: 'exec' });
    // In the user's configuration, not the system's.
    const units = `${user.home}/.config/systemd/user`;
    expect((await sandbox.succeed(['readlink', `${units}/procform-nginx.service`], asUser)).trim()).toMatch(/-nginx\/etc\/systemd\/user\/procform-nginx\.service$/);
    expect((await sandbox.succeed(['readlink', `${units}/default.target.wants/procform-nginx.service`], asUser)).trim()).toBe(`${units}/procform-nginx.service`);
    expect(await sandbox.succeed(['ls', '/etc/systemd/system'])).not.toMatch(/procform-.*\.service/);
    expect((await procformOk(sandbox, ['logs', 'webapp', ...state], asUser)).stdout).toContain('Simple test webapp listening on port');

    const advanced = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, example.advanced], asUser);
    expect(advanced.stderr).toMatch(/generation 2: 8 started, 2 stopped, 0 unchanged/);
    expect(await curl(sandbox, example.advancedPorts.nginx2!, 'webapp5.local')).toContain(`listening on port: ${example.advancedPorts.webapp5}`);

    await procformOk(sandbox, ['down', ...state], asUser);
    expect(await sandbox.succeed(['ls', '-A', units], asUser)).toBe('default.target.wants\n');
    expect(await sandbox.succeed(['systemctl', '--user', 'list-units', '--all', '--plain', '--no-legend', 'procform-*.service'], asUser)).toBe('');
  });

  it('passes arguments and environment values byte for byte', async () => {
    const { dir, state } = deployment();
    const out = `${user.home}/argv-env-${folders}.json`;
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({ probe: { pkg: createManagedProcess({
  foregroundProcess: ${JSON.stringify(process.execPath)},
  foregroundProcessArgs: ${JSON.stringify([probeScript, ...expectedArgv()])},
  environment: ${JSON.stringify({ PROCFORM_PROBE_OUT: out, ...expectedEnv() })},
  restart: 'no',
}) } }));
`,
    );
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model], asUser);
    const written = await eventually(async () => {
      const result = await sandbox.exec(['cat', out], asUser);
      return result.code === 0 && (JSON.parse(result.stdout) as { argv: string[]; env: Record<string, string> });
    }, 10_000, `${out} to be written`);
    expect(written?.argv).toEqual(expectedArgv());
    for (const [name, value] of Object.entries(expectedEnv())) expect(written?.env[name], name).toBe(value);
  });

  it('moves a deployment from the system manager to root\'s user manager when user change gets disabled', async () => {
    // root's own user manager, as a login of root would start it.
    await sandbox.succeed(['systemctl', 'start', 'user@0.service'], { user: 'root' });
    const asRoot: SandboxExecOptions = { user: 'root', env: { XDG_RUNTIME_DIR: '/run/user/0' } };
    const { dir } = deployment();
    const state = ['--state-dir', `${dir}/state`];
    onTestFinished(async () => {
      await procform(sandbox, ['down', ...state], asRoot);
      await resetUnits(sandbox, 'user', asRoot);
      await resetUnits(sandbox, 'system', asRoot);
    });
    const model = join(dir, 'processes.ts');
    writeFileSync(
      model,
      "import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses(() => ({ sleeper: { pkg: createManagedProcess({ process: '/bin/sleep', args: [3600] }) } }));\n",
    );
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model], asRoot);
    expect((await unitProperties(sandbox, 'procform-sleeper.service', 'system', asRoot)).ActiveState).toBe('active');

    const moved = await procformOk(sandbox, ['switch', '-P', 'systemd', '--force-disable-user-change', ...state, model], asRoot);
    expect(moved.stderr).toMatch(/1 started, 1 stopped, 0 unchanged/);
    expect((await unitProperties(sandbox, 'procform-sleeper.service', 'system', asRoot)).LoadState).toBe('not-found');
    expect(await sandbox.succeed(['ls', '/etc/systemd/system'])).not.toMatch(/procform-.*\.service/);
    expect((await unitProperties(sandbox, 'procform-sleeper.service', 'user', asRoot)).ActiveState).toBe('active');
    expect((await statusOf(state, asRoot)).sleeper).toMatchObject({ state: 'running' });
  });
});
