// Privileged deployments to the system manager: systemd as PID 1 in a sandbox, procform run
// inside it as root. One sandbox for the file; each test has its own state folder, instance names
// and ports, and undeploys at its end, so the tests stay independent.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { InstanceStatus } from '../../../src/deploy/types.ts';
import { expectedArgv, expectedEnv, probeScript } from '../../support/argv-env-model.ts';
import { repoRoot, statusByInstance } from '../../support/cli.ts';
import { eventually } from '../../support/eventually.ts';
import { freePort } from '../../support/free-port.ts';
import { curl, mainPids, procform, procformOk, processIds, resetUnits, unitProperties } from './support/in-sandbox.ts';
import { copyWebapps, writeIds } from '../../support/webapps.ts';
import type { Sandbox } from '../../../src/sandbox/index.ts';
import { createSandbox } from '../../../src/sandbox/index.ts';

let sandbox: Sandbox;
let shared: string;
let folders = 0;

beforeAll(async () => {
  if (process.getuid?.() !== 0) return;
  shared = mkdtempSync(join(tmpdir(), 'procform-systemd-e2e-'));
  // Programs in the store below it run as other users, who must be able to reach them.
  chmodSync(shared, 0o755);
  sandbox = await createSandbox({ profile: 'privileged', init: 'systemd', name: 'systemd-system', binds: [{ source: shared }] });
});

afterAll(async () => {
  await sandbox?.destroy();
  if (shared) rmSync(shared, { recursive: true, force: true });
});

/** A fresh folder for one test, visible inside the sandbox, and a state folder to deploy with; undeployed at the end. */
function deployment(): { dir: string; state: string[] } {
  const dir = join(shared, `t${(folders += 1)}`);
  mkdirSync(dir);
  const state = ['--state-dir', join(dir, 'state')];
  onTestFinished(async () => {
    await procform(sandbox, ['down', ...state]);
    await resetUnits(sandbox, 'system');
  });
  return { dir, state };
}

/** A model file whose instances are written inline as TypeScript. */
function writeModel(file: string, body: string): string {
  writeFileSync(file, `import { createManagedProcess, defineProcesses } from 'procform';\nexport default defineProcesses((ctx) => (${body}));\n`);
  return file;
}

/** `status --json`, which exits 3 while an instance is not as deployed (failed, restarting). */
async function statusOf(state: string[]): Promise<Record<string, InstanceStatus>> {
  const result = await procform(sandbox, ['status', '--json', ...state]);
  const statuses = statusByInstance(result.stdout);
  expect(result.code, result.stderr).toBe(Object.values(statuses).every((status) => status.state === 'running') ? 0 : 3);
  return statuses;
}

// Sandboxes need root (namespaces, mounts, cgroups); CI runs the tests as root.
describe.skipIf(process.getuid?.() !== 0)('systemd system manager (privileged)', () => {
  it('deploys the webapps example, reachable through nginx by Host header, with the accounts it declares', async () => {
    const { dir, state } = deployment();
    const example = await copyWebapps(dir);
    const switchedAt = Date.now();
    const switched = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, '--extra-params', '{"webappMode":"foreground"}', example.model]);
    expect(switched.stderr).toMatch(/generation 1: 2 started, 0 stopped, 0 unchanged/);

    expect(await curl(sandbox, example.ports.nginx, 'webapp.local')).toContain(`Simple test webapp listening on port: ${example.ports.webapp}`);
    expect(await curl(sandbox, example.ports.nginx, 'other.local')).toContain('This web application is not deployed.');

    const status = await statusOf(state);
    expect(status.webapp).toMatchObject({ state: 'running', ready: true, restarts: 0 });
    expect(status.nginx).toMatchObject({ state: 'running', ready: true });
    // Started by this switch (systemd's clock is the host's; its timestamps are in microseconds).
    expect(status.webapp!.startedAt!).toBeGreaterThanOrEqual(switchedAt - 1);
    const webapp = await unitProperties(sandbox, 'procform-webapp.service');
    expect(webapp).toMatchObject({ Type: 'exec', ActiveState: 'active', UnitFileState: 'enabled', MainPID: String(status.webapp!.pid) });
    expect(await processIds(sandbox, status.webapp!.pid!)).toEqual({
      uid: Number((await sandbox.succeed(['id', '-u', 'webapp'])).trim()),
      gid: Number((await sandbox.succeed(['id', '-g', 'webapp'])).trim()),
    });

    // Linked units, enabled by a link in multi-user.target.wants, all into the store.
    const link = (await sandbox.succeed(['readlink', '/etc/systemd/system/procform-webapp.service'])).trim();
    expect(link).toMatch(new RegExp(`^${dir}/state/lib/procform/store/[0-9a-z]{32}-webapp/etc/systemd/system/procform-webapp.service$`));
    expect((await sandbox.succeed(['readlink', '/etc/systemd/system/multi-user.target.wants/procform-webapp.service'])).trim()).toBe(
      '/etc/systemd/system/procform-webapp.service',
    );

    const logs = await procformOk(sandbox, ['logs', 'webapp', ...state]);
    expect(logs.stdout).toContain(`Simple test webapp listening on port: ${example.ports.webapp}`);
    const all = await procformOk(sandbox, ['logs', ...state]);
    expect(all.stdout).toMatch(/^webapp +\| Simple test webapp/m);

    await procformOk(sandbox, ['down', ...state]);
    expect((await sandbox.exec(['test', '-e', '/etc/systemd/system/procform-webapp.service'])).code).toBe(1);
    expect((await sandbox.exec(['test', '-e', '/etc/systemd/system/multi-user.target.wants/procform-nginx.service'])).code).toBe(1);
    expect((await unitProperties(sandbox, 'procform-webapp.service')).LoadState).toBe('not-found');
  });

  it('runs the webapp in daemon mode as Type=forking, and in automatic mode in the foreground, restarting only the webapp', async () => {
    const { dir, state } = deployment();
    const example = await copyWebapps(dir);
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, '--extra-params', '{"webappMode":"daemon"}', example.model]);
    const daemon = await unitProperties(sandbox, 'procform-webapp.service');
    expect(daemon).toMatchObject({ Type: 'forking', ActiveState: 'active', PIDFile: `${dir}/state/tmp/webapp.pid` });
    expect(await sandbox.succeed(['cat', `/proc/${daemon.MainPID}/cmdline`])).toContain('--procform-daemon-child');
    expect(await curl(sandbox, example.ports.nginx, 'webapp.local')).toContain(`listening on port: ${example.ports.webapp}`);
    const before = await mainPids(sandbox, ['webapp', 'nginx']);

    const automatic = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, '--extra-params', '{"webappMode":"automatic"}', example.model]);
    expect(automatic.stderr).toMatch(/1 started, 1 stopped, 1 unchanged/);
    const foreground = await unitProperties(sandbox, 'procform-webapp.service');
    expect(foreground).toMatchObject({ Type: 'exec', ActiveState: 'active' });
    // Compared as arguments: a temp folder's random name may hold "-D" too.
    expect((await sandbox.succeed(['cat', `/proc/${foreground.MainPID}/cmdline`])).split('\0')).not.toContain('-D');
    const after = await mainPids(sandbox, ['webapp', 'nginx']);
    expect(after.nginx).toBe(before.nginx);
    expect(after.webapp).not.toBe(before.webapp);
    expect(await curl(sandbox, example.ports.nginx, 'webapp.local')).toContain(`listening on port: ${example.ports.webapp}`);
  });

  it('switches to processes-advanced.ts, restarts only what a change touches, stops everything for an empty model, and rolls back', async () => {
    const { dir, state } = deployment();
    const example = await copyWebapps(dir);
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, example.model]);
    const advanced = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, example.advanced]);
    expect(advanced.stderr).toMatch(/generation 2: 8 started, 2 stopped, 0 unchanged/);
    expect((await unitProperties(sandbox, 'procform-webapp.service')).LoadState).toBe('not-found');
    for (const [name, port] of [['webapp1', 'nginx'], ['webapp6', 'nginx2']] as const) {
      expect(await curl(sandbox, example.advancedPorts[port]!, `${name}.local`)).toContain(`listening on port: ${example.advancedPorts[name]}`);
    }
    const names = ['webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6', 'nginx', 'nginx2'];
    const before = await mainPids(sandbox, names);

    // A new port for webapp5 changes webapp5's unit and nginx2's configuration, nothing else.
    const idsFile = join(dir, 'processes-advanced.ids.json');
    const ids = JSON.parse(readFileSync(idsFile, 'utf8')).ids;
    ids.webappPorts.webapp5 = await freePort();
    writeIds(idsFile, ids);
    const changed = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, example.advanced]);
    expect(changed.stderr).toMatch(/generation 3: 2 started, 2 stopped, 6 unchanged/);
    const after = await mainPids(sandbox, names);
    for (const name of names) {
      if (name === 'webapp5' || name === 'nginx2') expect(after[name], name).not.toBe(before[name]);
      else expect(after[name], name).toBe(before[name]);
    }
    expect(await curl(sandbox, example.advancedPorts.nginx2!, 'webapp5.local')).toContain(`listening on port: ${ids.webappPorts.webapp5}`);

    // restart: that webapp alone, no new generation.
    const restarted = await procformOk(sandbox, ['restart', 'webapp2', ...state]);
    expect(restarted.stderr).toMatch(/1 restarted/);
    const afterRestart = await mainPids(sandbox, names);
    expect(names.filter((name) => afterRestart[name] !== after[name])).toEqual(['webapp2']);

    const empty = writeModel(join(dir, 'empty.ts'), '{}');
    const stopped = await procformOk(sandbox, ['switch', '-P', 'systemd', '--allow-empty', ...state, empty]);
    expect(stopped.stderr).toMatch(/generation 4: 0 started, 8 stopped, 0 unchanged/);
    expect(await sandbox.succeed(['ls', '/etc/systemd/system'])).not.toMatch(/procform-.*\.service/);
    expect(await sandbox.succeed(['systemctl', 'list-units', '--all', '--plain', '--no-legend', 'procform-*.service'])).toBe('');

    await procformOk(sandbox, ['rollback', ...state]);
    const back = await statusOf(state);
    expect(Object.values(back).map((status) => status.state)).toEqual(Array(8).fill('running'));
  });

  it('starts a dependent only once its dependency is ready, also when systemd starts them on its own', async () => {
    const { dir, state } = deployment();
    const log = join(dir, 'order.log');
    const model = writeModel(
      join(dir, 'processes.ts'),
      `(() => {
        const slow = createManagedProcess({
          foregroundProcess: '/bin/sh',
          foregroundProcessArgs: ['-c', 'echo "slow starting $(date +%s%N)" >> ${log}; sleep 1.5; echo slow is ready; echo "slow ready $(date +%s%N)" >> ${log}; exec sleep 3600'],
          readiness: { kind: 'log', pattern: '^slow is ready$' },
        });
        return {
          slow: { pkg: slow },
          dependent: { pkg: createManagedProcess({
            foregroundProcess: '/bin/sh',
            foregroundProcessArgs: ['-c', 'echo "dependent starting $(date +%s%N)" >> ${log}; exec sleep 3600'],
            dependencies: [slow],
          }) },
        };
      })()`,
    );
    const switched = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model]);
    expect(switched.stderr).toMatch(/ready +slow[\s\S]*started +dependent/);
    // A Type=exec unit counts as started once its shell runs, maybe before the shell wrote its line.
    const order = () =>
      eventually(() => {
        const lines = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split(' ').slice(0, 2).join(' '));
        return lines.length >= 3 && lines;
      }, 10_000, 'three lines in the log');
    expect(await order()).toEqual(['slow starting', 'slow ready', 'dependent starting']);

    // systemd's own ordering: starting only the dependent pulls in its dependency (Wants=) and
    // waits (After=) until the dependency's ExecStartPost= saw it ready. An earlier run's "ready"
    // line in the log must not count.
    await sandbox.succeed(['systemctl', 'stop', 'procform-dependent.service', 'procform-slow.service']);
    writeFileSync(log, '');
    await sandbox.succeed(['systemctl', 'start', 'procform-dependent.service']);
    expect(await order()).toEqual(['slow starting', 'slow ready', 'dependent starting']);
    expect((await statusOf(state)).slow).toMatchObject({ state: 'running', ready: true });
  });

  it('passes arguments and environment values byte for byte', async () => {
    const { dir, state } = deployment();
    const out = join(dir, 'argv-env.json');
    const model = writeModel(
      join(dir, 'processes.ts'),
      `{ probe: { pkg: createManagedProcess({
        foregroundProcess: ${JSON.stringify(process.execPath)},
        foregroundProcessArgs: ${JSON.stringify([probeScript, ...expectedArgv()])},
        environment: ${JSON.stringify({ PROCFORM_PROBE_OUT: out, ...expectedEnv() })},
        restart: 'no',
      }) } }`,
    );
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model]);
    const written = await waitForFile(out);
    expect(written.argv).toEqual(expectedArgv());
    for (const [name, value] of Object.entries(expectedEnv())) expect(written.env[name], name).toBe(value);
  });

  it('runs a process as an existing account, initialize as root, and kills its whole cgroup when it stops', async () => {
    const { dir, state } = deployment();
    const model = writeModel(
      join(dir, 'processes.ts'),
      `{ worker: { pkg: createManagedProcess({
        foregroundProcess: '/bin/sh',
        foregroundProcessArgs: ['-c', 'sleep 3601 & exec sleep 3600'],
        user: 'nobody',
        initialize: 'id -u > ${dir}/initialize-uid',
      }) } }`,
    );
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model]);
    const status = await statusOf(state);
    expect(status.worker).toMatchObject({ state: 'running', ready: true });
    expect(await processIds(sandbox, status.worker!.pid!)).toEqual({ uid: 65534, gid: 65534 });
    expect(readFileSync(join(dir, 'initialize-uid'), 'utf8').trim()).toBe('0');
    const orphan = (await sandbox.succeed(['pgrep', '-f', '^sleep 3601$'])).trim();
    expect(orphan).not.toBe('');

    await procformOk(sandbox, ['down', ...state]);
    expect((await sandbox.exec(['pgrep', '-f', '^sleep 360[01]$'])).code).toBe(1);
  });

  it('leaves restarts to systemd, fails an instance after too many, and starts kept instances that do not run', async () => {
    const { dir, state } = deployment();
    const model = writeModel(
      join(dir, 'processes.ts'),
      `{
        steady: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: [3600] }) },
        crashing: { pkg: createManagedProcess({
          foregroundProcess: '/bin/sh',
          // Up for more than a second first (its start counts): a program that fails sooner fails its
          // start (and the switch) instead.
          foregroundProcessArgs: ['-c', 'echo boom; sleep 1.3; exit 3'],
          restart: { policy: 'on-failure', backoff: { initial: '100ms', maxRestarts: 2 } },
        }) },
      }`,
    );
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model]);
    const steady = (await statusOf(state)).steady!;
    await sandbox.succeed(['kill', '-KILL', String(steady.pid)]);
    const restarted = await waitForStatus(state, 'steady', (status) => status.state === 'running' && status.pid !== steady.pid);
    expect(restarted.restarts).toBe(1);

    const crashing = await waitForStatus(state, 'crashing', (status) => status.state === 'failed');
    expect(crashing.reason).toMatch(/restarted too often/);
    expect(crashing.reason).toMatch(/last lines of \S+:\n {2}boom/);
    const table = await procform(sandbox, ['status', ...state]);
    expect(table.code).toBe(3);
    expect(table.stdout).toMatch(/^crashing +failed/m);

    // Stopped by hand: the next switch (nothing changed) starts it again, and leaves the other alone.
    await sandbox.succeed(['systemctl', 'stop', 'procform-steady.service']);
    const again = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model]);
    expect(again.stderr).toMatch(/starting steady/);
    expect((await statusOf(state)).steady).toMatchObject({ state: 'running' });
  });

  it('treats stopping a unit that is gone as done, and puts back a link removed by hand', async () => {
    const { dir, state } = deployment();
    const model = writeModel(
      join(dir, 'processes.ts'),
      `{ a: { pkg: createManagedProcess({ process: '/bin/sleep', args: [3600] }) }, b: { pkg: createManagedProcess({ process: '/bin/sleep', args: [3601] }) } }`,
    );
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model]);
    await sandbox.succeed(['systemctl', 'stop', 'procform-a.service']);
    await sandbox.succeed(['rm', '/etc/systemd/system/procform-a.service', '/etc/systemd/system/multi-user.target.wants/procform-a.service']);
    await sandbox.succeed(['systemctl', 'daemon-reload']);
    expect((await unitProperties(sandbox, 'procform-a.service')).LoadState).toBe('not-found');

    const again = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model]);
    expect(again.stderr).toMatch(/starting a/);
    expect((await statusOf(state)).a).toMatchObject({ state: 'running' });

    await sandbox.succeed(['systemctl', 'stop', 'procform-b.service']);
    await sandbox.succeed(['rm', '/etc/systemd/system/procform-b.service']);
    await sandbox.succeed(['systemctl', 'daemon-reload']);
    const down = await procformOk(sandbox, ['down', ...state]);
    expect(down.stderr).toMatch(/stopped +b/);
    expect(await sandbox.succeed(['ls', '-R', '/etc/systemd/system'])).not.toMatch(/procform-.*\.service/);
  });

  it('repairs a switch that was killed half-way', async () => {
    const { dir, state } = deployment();
    const model = (version: number) =>
      writeModel(
        join(dir, `v${version}.ts`),
        `{
          first: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', foregroundProcessArgs: [${3600 + version}] }) },
          ${version === 2 ? `second: { pkg: createManagedProcess({ foregroundProcess: '/bin/sh', foregroundProcessArgs: ['-c', 'sleep 1; echo up; exec sleep 3600'], readiness: { kind: 'log', pattern: 'up' } }) },` : ''}
        }`,
      );
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model(1)]);
    const v2 = model(2);
    // Killed while it waits for "second" to become ready.
    const killer = [
      `${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, 'dist/src/cli/main.js'))} switch -P systemd ${state.join(' ')} ${v2} & pid=$!`,
      'for i in $(seq 300); do [ "$(systemctl show -P ActiveState procform-second.service)" = activating ] && break; sleep 0.02; done',
      'kill -KILL $pid; wait $pid',
    ].join('\n');
    const killed = await sandbox.exec(['sh', '-c', killer], { env: { NO_COLOR: '1' } });
    expect(killed.code).toBe(137);
    const repaired = await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, v2]);
    expect(repaired.stderr).toMatch(/the previous switch did not finish \(it failed or was interrupted\); repairing it/);
    const status = await statusOf(state);
    expect(status.first).toMatchObject({ state: 'running' });
    expect(status.second).toMatchObject({ state: 'running', ready: true });
    expect(await sandbox.succeed(['cat', `/proc/${status.first!.pid}/cmdline`])).toContain('3602');
    const generations = await procformOk(sandbox, ['generations', ...state]);
    expect(generations.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('reads the log from journald when an override sends the output there, and enables units for the targets WantedBy= names', async () => {
    const { dir, state } = deployment();
    const model = writeModel(
      join(dir, 'processes.ts'),
      `{ chatty: { pkg: createManagedProcess({
        foregroundProcess: '/bin/sh',
        foregroundProcessArgs: ['-c', 'echo hello from the journal; exec sleep 3600'],
        overrides: { systemd: { Service: { StandardOutput: 'journal', StandardError: null }, Install: { WantedBy: 'graphical.target' } } },
      }) } }`,
    );
    await procformOk(sandbox, ['switch', '-P', 'systemd', ...state, model]);
    expect((await sandbox.succeed(['readlink', '/etc/systemd/system/graphical.target.wants/procform-chatty.service'])).trim()).toBe(
      '/etc/systemd/system/procform-chatty.service',
    );
    expect((await sandbox.exec(['test', '-e', '/etc/systemd/system/multi-user.target.wants/procform-chatty.service'])).code).toBe(1);
    const logs = await eventually(async () => {
      const { stdout } = await procformOk(sandbox, ['logs', 'chatty', ...state]);
      return stdout.includes('hello from the journal') && stdout;
    }, 10_000, 'the line in procform logs');
    expect(logs).toContain('hello from the journal\n');
  });

  // On the host, not in the sandbox: only where systemd is not the init, or it would deploy there.
  it.skipIf(existsSync('/run/systemd/system'))('reports a clear error where systemd is not the init system', async () => {
    // /run/systemd/system does not exist on this host, and must not be created.
    const dir = mkdtempSync(join(tmpdir(), 'procform-systemd-host-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const { runCli } = await import('../../support/cli.ts');
    const model = writeModel(join(dir, 'processes.ts'), `{ sleeper: { pkg: createManagedProcess({ process: '/bin/sleep', args: [60] }) } }`);
    const result = await runCli(['switch', '-P', 'systemd', '--state-dir', join(dir, 'state'), model]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/systemd is not the init system here/);
    expect(result.stderr).toMatch(/hint: Deploy with another process manager/);
    expect(existsSync('/run/systemd/system')).toBe(false);
  });
});

/** The probe's output, once it has written it (atomically). */
function waitForFile(file: string): Promise<{ argv: string[]; env: Record<string, string> }> {
  return eventually(() => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')), 10_000, `${file} to be written`);
}

function waitForStatus(state: string[], instance: string, done: (status: InstanceStatus) => boolean): Promise<InstanceStatus> {
  return eventually(async () => {
    const status = (await statusOf(state))[instance];
    return status !== undefined && done(status) && status;
  }, 20_000, `${instance} to reach the expected state`);
}
