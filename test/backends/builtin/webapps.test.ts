// The webapps example on the builtin process manager, through the command line as a user runs it:
// switch, a changed port, crashes of a webapp and of the supervisor, `procform up` and Ctrl-C, down.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstanceStatus } from '../../../src/deploy/types.ts';
import { readProcStat } from '../../../src/process/proc-stat.ts';
import { runningSupervisor } from '../../../src/backends/builtin/supervisor/lock.ts';
import { controlPaths } from '../../../src/backends/builtin/supervisor/paths.ts';
import type { CliResult } from '../../support/cli.ts';
import { cliPath, expectSuccess, runCliIn, statusByInstance } from '../../support/cli.ts';
import { expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { eventually } from '../../support/eventually.ts';
import { freePort } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import type { WebappsCopyWithState } from '../../support/webapps.ts';
import { copyWebappsWithState, writeAdvancedIds } from '../../support/webapps.ts';

const webapps = ['webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6'];
const proxyOf = (name: string) => (['webapp5', 'webapp6'].includes(name) ? 'nginx2' : 'nginx');
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

/** Every webapp answers through its nginx, chosen by Host header, with its own port. */
async function expectEveryWebappServed(ports: Record<string, number>): Promise<void> {
  for (const name of webapps) {
    const page = await httpGet(`http://127.0.0.1:${ports[proxyOf(name)]}/`, { host: `${name}.local` });
    expect(page.body, name).toContain(`listening on port: ${ports[name]}`);
  }
}

/**
 * How many copies of each instance run: webapps told apart by their PORT, nginx masters by their
 * prefix folder (the workers are the master's own).
 */
function copiesRunning(copy: WebappsCopyWithState, ports: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pid of processesUsing(copy.stateDir)) {
    const argv = readText(`/proc/${pid}/cmdline`).split('\0');
    const environment = readText(`/proc/${pid}/environ`).split('\0');
    const webapp = webapps.find((name) => environment.includes(`PORT=${ports[name]}`) && argv.some((arg) => arg.endsWith('procform-webapp.mjs')));
    // A master's command line reads 'nginx: master process /usr/sbin/nginx -p <stateDir>/<instance> …'.
    const nginx = argv[0]!.startsWith('nginx: master process') ? /-p \S+\/(nginx2?) /.exec(argv[0]!)?.[1] : undefined;
    const name = webapp ?? nginx;
    if (name) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // Gone while we looked.
  }
}

/** `procform up` in the background, with what it has written so far. */
function startUp(copy: WebappsCopyWithState) {
  const child = spawn(process.execPath, [cliPath, 'up', copy.advanced, ...buildFlags, '--state-dir', copy.stateDir], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, output, exited };
}

describe('the webapps example on builtin, through the command line', () => {
  it('switches, restarts only what a change touches, survives crashes of a webapp and of the supervisor, runs attached with up, and goes down', async () => {
    const copy = await copyWebappsWithState();
    const { stateDir } = copy;
    let ports = copy.advancedPorts;
    await procformOk(stateDir, ['switch', copy.advanced, ...buildFlags]);
    await expectEveryWebappServed(ports);
    expect(await httpGet(`http://127.0.0.1:${ports.nginx}/`, { host: 'webapp5.local' })).toMatchObject({ body: expect.stringContaining('not deployed') });

    // A changed port restarts exactly that webapp and the nginx that routes to it.
    const before = await pids(stateDir);
    ports = { ...ports, webapp5: await freePort() };
    writeAdvancedIds(copy.dir, ports);
    const changed = await procformOk(stateDir, ['switch', copy.advanced, ...buildFlags]);
    expect(changed.stderr).toContain('generation 2: 2 started, 2 stopped, 6 unchanged');
    const after = await pids(stateDir);
    expect(Object.keys(after).filter((name) => after[name] !== before[name]).sort()).toEqual(['nginx2', 'webapp5']);
    await expectEveryWebappServed(ports);

    // A webapp killed with SIGKILL comes back after its backoff, as a new process, counted as a restart.
    process.kill(after.webapp3!, 'SIGKILL');
    const restarted = await eventually(async () => {
      // status exits 3 while webapp3 is down or not yet ready again: a state this poll waits through.
      const webapp3 = statusByInstance((await runCliIn(stateDir, ['status', '--json'])).stdout).webapp3!;
      return webapp3.pid !== after.webapp3 && webapp3.ready ? webapp3 : undefined;
    }, 20_000, 'webapp3 to be restarted');
    expect(restarted.restarts).toBe(1);
    await expectEveryWebappServed(ports);

    // restart: the instance named, alone; a name the deployment does not have changes nothing.
    const beforeRestart = await pids(stateDir);
    const unknown = await runCliIn(stateDir, ['restart', 'webapp9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/the deployment has no instance "webapp9" \(did you mean "webapp\d"\?\)\nhint: Its instances: webapp1, webapp2, /);
    expect((await procformOk(stateDir, ['restart', 'webapp2'])).stderr).toMatch(/stopped +webapp2\n[\s\S]*ready +webapp2\n1 restarted/);
    const afterRestart = await pids(stateDir);
    expect(Object.keys(afterRestart).filter((name) => afterRestart[name] !== beforeRestart[name])).toEqual(['webapp2']);
    expect((await procformOk(stateDir, ['generations'])).stdout.trim().split('\n')).toHaveLength(2);
    await expectEveryWebappServed(ports);
    // --with-dependents: the proxy that routes to it too, stopped first and started after it.
    const cascade = await procformOk(stateDir, ['restart', 'webapp6', '--with-dependents']);
    expect(cascade.stderr).toMatch(/stopped +nginx2\n[\s\S]*stopping +webapp6\n[\s\S]*ready +webapp6\n[\s\S]*starting +nginx2\n[\s\S]*2 restarted/);
    const afterCascade = await pids(stateDir);
    expect(Object.keys(afterCascade).filter((name) => afterCascade[name] !== afterRestart[name]).sort()).toEqual(['nginx2', 'webapp6']);
    await expectEveryWebappServed(ports);

    // The supervisor killed with SIGKILL: its children are stopped with it, and `procform up` runs
    // exactly one copy of each instance again.
    const supervisor = runningSupervisor(controlPaths(join(stateDir, 'run')).pidFile)!;
    const everyPid = Object.values(await pids(stateDir)) as number[];
    process.kill(supervisor, 'SIGKILL');
    await eventually(() => everyPid.every((pid) => readProcStat(pid) === null), 20_000, 'the children of the killed supervisor to stop');
    const up = startUp(copy);
    try {
      await eventually(() => up.output.stderr.includes('attached; Ctrl-C stops everything'), 60_000, `procform up to attach:\n${up.output.stderr}`);
      await expectEveryWebappServed(ports);
      expect(copiesRunning(copy, ports)).toEqual(Object.fromEntries([...webapps, 'nginx', 'nginx2'].map((name) => [name, 1])));

      // Attached: every instance's output, prefixed with its name.
      await eventually(() => /^webapp6 +\| GET \/ /m.test(up.output.stdout), 10_000, `webapp6's request in up's output:\n${up.output.stdout}`);

      // Ctrl-C: everything stops, each proxy before the webapps it routes to.
      up.child.kill('SIGINT');
      expect(await up.exited, up.output.stderr).toBe(0);
    } finally {
      up.child.kill('SIGKILL');
    }
    const stopLines = up.output.stderr.split('\n');
    const stopped = (name: string) => stopLines.findLastIndex((line) => new RegExp(`^stopped +${name}$`).test(line));
    const stopping = (name: string) => stopLines.findLastIndex((line) => new RegExp(`^stopping +${name}$`).test(line));
    for (const name of webapps) {
      expect(stopped(proxyOf(name)), `${proxyOf(name)} stops before ${name}`).toBeGreaterThanOrEqual(0);
      expect(stopping(name), name).toBeGreaterThan(stopped(proxyOf(name)));
    }
    await expectNothingRunning(stateDir);

    // Down: no process of the deployment remains, its state folders do.
    await procformOk(stateDir, ['switch', copy.advanced, ...buildFlags]);
    const running = processesUsing(stateDir);
    expect(running.length).toBeGreaterThanOrEqual(8);
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir, running);
    expect(existsSync(join(stateDir, 'nginx2', 'logs', 'access.log'))).toBe(true);
    expect(Object.values(await statuses(stateDir))).toEqual([]);
  }, 180_000);
});
