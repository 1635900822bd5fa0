// The conformance suite: what every backend that deploys must do, checked through procform's real
// command line against the real process manager, in a machine of its own. vitest.config.ts runs
// this file once per deployable backend (src/backends/registry.ts) and profile, as a project of
// its own, so that a new backend gets the whole suite by being registered. The checks are listed
// in docs/contributing.md; a check a backend cannot pass yet is in known-failures.ts.
//
// One deployment of fixtures/processes.ts is shared by the checks, which run in order: those that
// only look come first, then a crash (of one instance), a switch, and `down`. Each check looks only
// at the instances it is about, so a failure stays in its check. What a backend's `--explain`
// claims is checked by the check of that feature: a feature that does not behave as the model asks
// must be claimed `dropped`, and the last check fails for any native or emulated claim no check
// confirmed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Capability } from '../../src/backends/types.ts';
import type { InstanceStatus } from '../../src/deploy/types.ts';
import { expectedArgv, expectedEnv } from '../support/argv-env-model.ts';
import { argvOf, processesUsing } from '../support/deployment-processes.ts';
import { eventually } from '../support/eventually.ts';
import { knownFailure } from './known-failures.ts';
import type { Claims, Support } from './support/claims.ts';
import { parseExplain } from './support/claims.ts';
import type { ServiceEvent } from './support/events.ts';
import { eventsOf, lastStart, readEvents } from './support/events.ts';
import type { ConformanceMachine, Deployment } from './support/machine.ts';
import { startMachine } from './support/machine.ts';

const { backend, profile } = inject('conformance');
const modelFile = fileURLToPath(new URL('./fixtures/processes.ts', import.meta.url));
const asRoot = process.getuid?.() === 0;

/** The model's instances (version 1), and what the checks know of them. */
const instances = ['chatty', 'crashy', 'daemonized', 'first', 'fragile', 'probe', 'second', 'stopper', 'stubborn', 'third'];
/** The first line each instance prints (a daemon only before it detaches). */
const firstLine = (instance: string) => (instance === 'daemonized' ? 'daemonized forks' : `${instance} started`);
const dependencies: [dependent: string, dependency: string][] = [
  ['second', 'first'],
  ['third', 'second'],
];
/** crashy's backoff, as the model sets it. */
const backoff = { initialMs: 700, multiplier: 2, maxMs: 10_000 };
const crashes = 3;
/** Features checked on one instance for every instance that claims the same: a crash or 20 KiB of output each would cost too much. */
const representative: Partial<Record<Capability['feature'], string>> = { restart: 'crashy', backoff: 'crashy', 'log rotation': 'chatty' };

// Sandboxes need root (namespaces, mounts, cgroups); CI runs the tests as root.
describe.skipIf(!asRoot)(`conformance of ${backend} (${profile})`, () => {
  let machine: ConformanceMachine;
  let main: Deployment;
  let deployed: Promise<{ claims: Claims; startedAt: number; returnedAt: number }> | undefined;
  /** `instance:feature` of every claim a check confirmed. */
  const confirmed = new Set<string>();

  beforeAll(async () => {
    machine = await startMachine(backend, profile);
    main = machine.deployment('main');
  }, 120_000);

  afterAll(async () => {
    await machine?.destroy();
  });

  const check = (title: string, body: () => Promise<void>, timeoutMs = 120_000) => {
    const known = knownFailure(backend, profile, title);
    (known ? it.fails : it)(title, body, timeoutMs);
  };

  const stateArgs = () => ['--state-dir', main.state];
  const params = (deployment: Deployment, extra: Record<string, unknown> = {}) => ['--extra-params', JSON.stringify({ events: deployment.events, ...extra })];

  async function procformOk(args: readonly string[], timeoutMs?: number): Promise<string> {
    const result = await machine.procform(args, { timeoutMs });
    expect(result.code, `procform ${args.join(' ')}${result.timedOut ? ' (timed out)' : ''}\n${result.stdout}${result.stderr}`).toBe(0);
    return result.stdout + result.stderr;
  }

  /** The main deployment, once: its claims, and when its first switch ran. Every check starts here. */
  function deploy() {
    deployed ??= (async () => {
      const explained = await procformOk(['build', '-P', backend, ...stateArgs(), '--explain', ...params(main), modelFile]);
      const startedAt = Date.now();
      await procformOk(['switch', '-P', backend, ...stateArgs(), ...params(main), modelFile]);
      const returnedAt = Date.now();
      // An instance without a readiness check may be "ready" before its program ran a line.
      await eventually(() => instances.every((instance) => eventsOf(events(), instance, 'start').length > 0), 30_000, 'every instance to start');
      return { claims: parseExplain(explained), startedAt, returnedAt };
    })();
    return deployed;
  }

  /** `status --json`, which exits 3 while an instance is not as deployed (crashed, restarting). */
  async function status(): Promise<Record<string, InstanceStatus>> {
    const result = await machine.procform(['status', '--json', ...stateArgs()]);
    const list = JSON.parse(result.stdout) as InstanceStatus[];
    const off = list.filter((entry) => entry.state !== 'running');
    expect(result.code, `status --json\n${result.stderr}`).toBe(off.length === 0 ? 0 : 3);
    return Object.fromEntries(list.map((entry) => [entry.instance, entry]));
  }

  const events = (): ServiceEvent[] => readEvents(main.events);

  /**
   * Judges features of instances: each behaved as the model asks (confirming its claim), or it did
   * not, and then --explain must have said `dropped`. `done` fails with every feature that did
   * neither, so one check reports all of them.
   */
  function judging(claims: Claims) {
    const problems: string[] = [];
    return {
      judge(instance: string, feature: Capability['feature'], holds: boolean, observed: string): void {
        if (holds) {
          confirmed.add(`${instance}:${feature}`);
          return;
        }
        const claim = claims[instance]?.[feature];
        if (claim?.support !== 'dropped') problems.push(`${instance}: ${feature}: ${observed}; yet --explain says ${claim ? `${claim.support}: ${claim.detail}` : 'nothing'}`);
      },
      done(): void {
        expect(problems, 'features that do not behave as the model asks, and --explain does not say dropped').toEqual([]);
      },
    };
  }

  const isAlive = async (pid: number) => (await machine.sandbox.exec(['kill', '-0', String(pid)], { user: 'root' })).code === 0;

  check('deploys with `switch`; `--explain` names mode, ordering, readiness, restart, stop, environment and logs of every instance', async () => {
    const { claims } = await deploy();
    expect(Object.keys(claims).sort()).toEqual(instances);
    for (const instance of instances) {
      const features = Object.keys(claims[instance]!);
      expect(features, instance).toEqual(expect.arrayContaining(['mode', 'ordering', 'readiness', 'restart', 'stop', 'environment', ...(instance === 'daemonized' ? [] : ['logs'])]));
    }
  });

  check('starts dependencies first, gates dependents on readiness, and returns from switch once every instance is ready', async () => {
    const { claims, returnedAt } = await deploy();
    const { judge, done } = judging(claims);
    const all = events();
    for (const [dependent, dependency] of dependencies) {
      const started = eventsOf(all, dependent, 'start')[0];
      const ready = eventsOf(all, dependency, 'ready')[0];
      expect(started, `${dependent} started`).toBeDefined();
      expect(ready, `${dependency} became ready`).toBeDefined();
      const gated = started!.index > ready!.index;
      judge(dependent, 'ordering', gated, `${dependent} started before ${dependency} was ready`);
      judge(dependency, 'readiness', gated, `${dependent} started before ${dependency} was ready`);
    }
    for (const instance of ['first', 'second', 'third']) {
      const ready = eventsOf(all, instance, 'ready')[0];
      judge(instance, 'readiness', ready !== undefined && ready.t <= returnedAt, `switch returned before ${instance} was ready`);
    }
    // Instances without dependencies or readiness checks have nothing to order or wait for.
    for (const instance of instances) {
      if (!dependencies.some(([dependent]) => dependent === instance)) confirmed.add(`${instance}:ordering`);
      if (!['first', 'second', 'third'].includes(instance) && eventsOf(all, instance, 'start').length > 0) confirmed.add(`${instance}:readiness`);
    }
    done();
  });

  check('passes arguments and environment byte for byte (quotes, $, backticks, %, backslashes, newlines, tabs, unicode, empty)', async () => {
    const { claims } = await deploy();
    const { judge, done } = judging(claims);
    const all = events();
    const wanted = expectedEnv();
    // A foreground program, and a daemon (whose parent passes its arguments and environment on).
    for (const instance of ['probe', 'daemonized']) {
      const started = lastStart(all, instance);
      expect(started.argv, instance).toEqual(expectedArgv());
      expect(Object.fromEntries(Object.keys(wanted).map((key) => [key, started.env![key]])), instance).toEqual(wanted);
    }
    for (const instance of instances) {
      const env = lastStart(all, instance).env!;
      judge(instance, 'environment', env.CONFORMANCE_NAME === instance && env.CONFORMANCE_EVENTS === main.events, `CONFORMANCE_NAME=${env.CONFORMANCE_NAME}`);
    }
    done();
  });

  check('runs a process in its directory, with its umask, nice level, user and accounts, after its initialize commands', async () => {
    const { claims } = await deploy();
    const { judge, done } = judging(claims);
    const all = events();
    const probe = lastStart(all, 'probe');
    judge('probe', 'directory', probe.cwd === main.events, `cwd ${probe.cwd}`);
    judge('probe', 'umask', probe.umask === '0027', `umask ${probe.umask}`);
    judge('probe', 'nice', probe.nice === 5, `nice ${probe.nice}`);
    const initialize = all.find((event) => event.event === 'initialize' && event.name === 'probe');
    judge('probe', 'initialize', initialize !== undefined && initialize.index < probe.index, initialize ? 'after the start' : 'never ran');
    if (profile === 'privileged') {
      const account = await machine.sandbox.exec(['id', '-u', 'cfprobe']);
      judge('probe', 'credentials', account.code === 0, 'no account cfprobe');
      judge('probe', 'user', account.code === 0 && probe.uid === Number(account.stdout.trim()), `uid ${probe.uid}`);
    } else {
      // Unprivileged, `user` is ignored: the process runs as the deploying user, and no account is made.
      expect(probe.uid).toBe(machine.sandbox.account!.uid);
      expect((await machine.sandbox.exec(['id', '-u', 'cfprobe'])).code).not.toBe(0);
    }
    done();
  });

  check('runs foreground programs and daemons as their mode says, and status gives the PID of the program itself', async () => {
    const { claims } = await deploy();
    const { judge, done } = judging(claims);
    const current = await status();
    const all = events();
    for (const instance of instances) {
      const program = lastStart(all, instance);
      const reported = current[instance]?.pid;
      judge(instance, 'mode', reported === program.pid && (await isAlive(program.pid)), `status says PID ${reported}, the program is ${program.pid}`);
    }
    done();
  });

  check('reports status in the shared shape: every instance running, with PID, start time, restarts and readiness', async () => {
    const { startedAt } = await deploy();
    const result = await machine.procform(['status', '--json', ...stateArgs()]);
    expect(result.code, result.stderr).toBe(0);
    const list = JSON.parse(result.stdout) as InstanceStatus[];
    expect(list.map((entry) => entry.instance).sort()).toEqual(instances);
    const now = Date.now();
    for (const entry of list) {
      expect(Object.keys(entry).filter((key) => key !== 'reason').sort(), entry.instance).toEqual(['instance', 'name', 'pid', 'ready', 'restarts', 'startedAt', 'state']);
      expect(entry, entry.instance).toMatchObject({ instance: entry.instance, name: entry.instance, state: 'running', pid: expect.any(Number) });
      expect([null, true], `${entry.instance} ready`).toContain(entry.ready);
      if (entry.restarts !== null) expect(entry.restarts, `${entry.instance} restarts`).toBeGreaterThanOrEqual(0);
      // Managers keep start times in whole seconds at worst.
      if (entry.startedAt !== null) {
        expect(entry.startedAt, `${entry.instance} started at`).toBeGreaterThanOrEqual(startedAt - 1000);
        expect(entry.startedAt, `${entry.instance} started at`).toBeLessThanOrEqual(now);
      }
    }
    const table = await procformOk(['status', ...stateArgs()]);
    expect(table).toContain(`process manager: ${backend}`);
    for (const instance of instances) expect(table).toMatch(new RegExp(`^${instance} +running +\\d+`, 'm'));
  });

  check('prints logs: of one instance, of all with their names as prefix, the last -n lines, with timestamps and rotation as claimed', async () => {
    const { claims } = await deploy();
    const { judge, done } = judging(claims);
    const third = await procformOk(['logs', 'third', '-n', '1000', ...stateArgs()]);
    expect(third).toMatch(/third started\n(.*\n)*.*third is ready\n/);
    const all = await procformOk(['logs', '-n', '2', ...stateArgs()]);
    const width = Math.max(...instances.map((name) => name.length));
    for (const instance of instances) {
      const lines = all.split('\n').filter((line) => line.startsWith(`${instance.padEnd(width)} | `));
      const own = await procformOk(['logs', instance, '-n', '1000', ...stateArgs()]);
      judge(instance, 'logs', own.includes(`${firstLine(instance)}\n`) && lines.length > 0 && lines.length <= 2, `logs -n 2 printed ${JSON.stringify(lines)}`);
    }
    expect((await procformOk(['logs', 'third', '-n', '1', ...stateArgs()])).trimEnd().split('\n')).toHaveLength(1);

    const second = await procformOk(['logs', 'second', '-n', '1000', ...stateArgs()]);
    const stamped = second.split('\n').find((line) => line.endsWith('second started'));
    judge('second', 'log timestamps', stamped !== undefined && /^\[?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(stamped), `the line reads ${JSON.stringify(stamped)}`);

    // chatty printed 20 KiB at start, with rotation at 4 KiB keeping 2. A writer may rotate only
    // after a write, and take the burst as one: what counts is that the file was rotated, and no
    // more than `keep` old files are kept.
    const chattyLogs = logFilesOf(main.state, 'chatty');
    const sizes = chattyLogs.map((file) => statSync(file).size);
    judge(
      'chatty',
      'log rotation',
      chattyLogs.length >= 2 && chattyLogs.length <= 3,
      `its log files are ${chattyLogs.map((file, index) => `${file} (${sizes[index]} bytes)`).join(', ')}`,
    );
    expect(await procformOk(['logs', 'chatty', '-n', '1', ...stateArgs()])).toContain('chatty started');
    done();
  });

  check('restarts a crashed instance (a daemon too), waiting longer after each crash when it claims backoff', async () => {
    const { claims } = await deploy();
    const { judge, done } = judging(claims);
    const gaps: number[] = [];
    for (let crash = 1; crash <= crashes; crash += 1) {
      const victim = lastStart(events(), 'crashy');
      const killedAt = Date.now();
      await machine.sandbox.succeed(['kill', '-KILL', String(victim.pid)], { user: 'root' });
      if (claims.crashy?.restart?.support === 'dropped') return;
      const next = await eventually(() => eventsOf(events(), 'crashy', 'start').find((event) => event.index > victim.index), 30_000, `crashy's restart after crash ${crash}`);
      gaps.push(next.t - killedAt);
    }
    confirmed.add('crashy:restart');
    // Lower bounds only: a loaded machine makes restarts later, never earlier. The first restart
    // after a crash is at once; the delay grows from the second crash in a row on.
    const delays = gaps.map((_, index) => (index === 0 ? 0 : Math.min(backoff.initialMs * backoff.multiplier ** (index - 1), backoff.maxMs)));
    judge('crashy', 'backoff', gaps.every((gap, index) => gap >= delays[index]!), `restarts came ${gaps.join(', ')} ms after the crashes; the model asks for at least ${delays.join(', ')} ms`);
    done();
    // Started is not running yet for every manager (supervisord's startsecs).
    const current = await eventually(async () => {
      const crashy = (await status()).crashy!;
      return crashy.state === 'running' && crashy;
    }, 30_000, 'crashy running again');
    expect(current.pid).toBe(lastStart(events(), 'crashy').pid);
    if (current.restarts !== null) expect(current.restarts).toBeGreaterThanOrEqual(crashes);

    // A daemon is watched through its PID file, not as a child: a crash of its own, once.
    const daemon = lastStart(events(), 'daemonized');
    await machine.sandbox.succeed(['kill', '-KILL', String(daemon.pid)], { user: 'root' });
    if (claims.daemonized?.restart?.support !== 'dropped') {
      const again = await eventually(() => eventsOf(events(), 'daemonized', 'start').find((event) => event.index > daemon.index), 30_000, 'the daemon to be restarted');
      judge('daemonized', 'restart', again !== undefined, 'it was not restarted');
      await eventually(async () => (await status()).daemonized?.pid === again.pid, 30_000, 'status to give the new daemon');
    }
  });

  check('reports a crashed instance that is not restarted as failed, saying how it ended, with its last lines', async () => {
    const { claims } = await deploy();
    const { judge, done } = judging(claims);
    const victim = lastStart(events(), 'fragile');
    await machine.sandbox.succeed(['kill', '-KILL', String(victim.pid)], { user: 'root' });
    const failed = await eventually(async () => {
      const fragile = (await status()).fragile!;
      return fragile.state !== 'running' && fragile;
    }, 30_000, 'fragile to be reported down');
    expect(failed).toMatchObject({ state: 'failed', pid: null });
    expect(failed.reason).toMatch(/SIGKILL/);
    expect(failed.reason).toContain('fragile started');
    // Nothing restarted it.
    judge('fragile', 'restart', eventsOf(events(), 'fragile', 'start').length === 1, 'it was started again');
    const table = await machine.procform(['status', ...stateArgs()]);
    expect(table.stdout).toMatch(/^fragile +failed/m);
    // Not as deployed: status says so, and which, with LSB's "not running".
    expect(table.code).toBe(3);
    expect(table.stderr).toContain('fragile is failed');
    done();
  });

  check('switch keeps unchanged instances (same PID), restarts changed ones, stops removed ones and starts kept ones that died', async () => {
    const { claims } = await deploy();
    const { judge, done } = judging(claims);
    const before = await status();
    const mark = events().length;
    const output = await procformOk(['switch', '-P', backend, ...stateArgs(), ...params(main, { version: 2 }), modelFile]);
    expect(output).toMatch(/generation 2: 1 started, 2 stopped, 8 unchanged/);
    const after = await status();
    expect(Object.keys(after).sort()).toEqual(instances.filter((name) => name !== 'chatty'));
    // Crashed for good in the checks before: fragile, and the daemon where nothing restarts it.
    // They are kept, and so started again.
    const dead = ['fragile', ...(claims.daemonized?.restart?.support === 'dropped' ? ['daemonized'] : [])];
    for (const instance of Object.keys(after)) {
      if (instance === 'third') expect(after.third!.pid, 'third restarted').not.toBe(before.third!.pid);
      else if (dead.includes(instance)) expect(after[instance], `${instance} started again`).toMatchObject({ state: 'running', pid: expect.any(Number) });
      else expect(after[instance]!.pid, `${instance} kept`).toBe(before[instance]!.pid);
    }
    const since = events().slice(mark);
    expect(since.filter((event) => event.event === 'start').map((event) => event.name).sort()).toEqual(['third', ...dead].sort());
    expect(lastStart(since, 'third').env!.VERSION).toBe('2');
    const chatty = since.filter((event) => event.name === 'chatty');
    judge('chatty', 'stop', chatty[0]?.signal === 'SIGTERM' && chatty[1]?.event === 'exit', `it saw ${JSON.stringify(chatty.map(({ event, signal }) => signal ?? event))}`);
    expect(await isAlive(before.chatty!.pid!)).toBe(false);
    done();
  });

  check('stops one instance alone and starts it again (procform stop and start, the keys of top and the dashboard)', async () => {
    await deploy();
    const before = await status();
    const mark = events().length;
    // second has a dependency (first) and a dependent (third): neither is touched.
    await procformOk(['stop', 'second', ...stateArgs()], 60_000);
    expect((await status()).second).toMatchObject({ state: 'stopped', pid: null });
    expect(await isAlive(before.second!.pid!)).toBe(false);
    const stopped = events().slice(mark);
    expect(stopped.filter((event) => event.name === 'second').map(({ event, signal }) => signal ?? event)).toEqual(['SIGTERM', 'exit']);
    expect(stopped.filter((event) => event.name !== 'second')).toEqual([]);
    await procformOk(['start', 'second', ...stateArgs()], 60_000);
    // Ready when start returns; supervisord says STARTING until its startsecs have passed.
    const after = await eventually(async () => {
      const current = await status();
      return current.second!.state === 'running' && current;
    }, 30_000, 'second to run again');
    expect(after.second).toMatchObject({ ready: true, pid: expect.any(Number) });
    expect(after.second!.pid).not.toBe(before.second!.pid);
    for (const instance of Object.keys(after).filter((name) => name !== 'second')) expect(after[instance]!.pid, `${instance} kept`).toBe(before[instance]!.pid);
    // The program records its start once Node has loaded it, which on a loaded machine can be after
    // the manager counted the start: wait for that record, then see that it is second's alone.
    await eventually(() => events().slice(mark).some((event) => event.event === 'start'), 30_000, 'second to record its start');
    expect(events().slice(mark).filter((event) => event.event === 'start').map((event) => event.name)).toEqual(['second']);
  });

  check("deploys the docs' first example, a `process` alone, and stops it", async () => {
    const plain = machine.deployment('plain');
    const state = ['--state-dir', plain.state];
    await procformOk(['switch', '-P', backend, ...state, ...params(plain, { plain: true }), modelFile], 20_000);
    const started = await eventually(() => eventsOf(readEvents(plain.events), 'plain', 'start')[0], 30_000, 'plain to start');
    const current = JSON.parse(await procformOk(['status', '--json', ...state])) as InstanceStatus[];
    expect(current).toMatchObject([{ instance: 'plain', state: 'running', pid: started.pid }]);
    await procformOk(['down', ...state], 20_000);
    expect(processesUsing(plain.dir)).toEqual([]);
  });

  check('fails the switch of an instance that exits at once, with its exit and last lines, and status exits 3 naming it', async () => {
    const looping = machine.deployment('looping');
    const state = ['--state-dir', looping.state];
    const switched = await machine.procform(['switch', '-P', backend, ...state, ...params(looping, { looping: true }), modelFile]);
    const output = switched.stdout + switched.stderr;
    expect(switched.code, output).not.toBe(0);
    expect(output).toContain('looper');
    expect(output).toMatch(/exit(ed)? (status )?3/);
    expect(output).toContain('looper cannot go on');
    // It never counted as started: the start rule (runtime/backoff.ts) held, whatever the manager does next.
    const current = await machine.procform(['status', ...state]);
    expect(current.code, current.stdout + current.stderr).toBe(3);
    expect(current.stderr).toMatch(/not as deployed: looper is/);
    expect(current.stdout).toMatch(/^steady +running/m);
    await procformOk(['down', ...state], 60_000);
    expect(processesUsing(looping.dir)).toEqual([]);
  });

  check('down stops dependents first, with each instance’s stop signal, SIGKILL after the stop timeout, and leaves no process, process group or PID file', async () => {
    const { claims } = await deploy();
    const { judge, done } = judging(claims);
    const running = events();
    const groups = [...new Set(running.filter((event) => event.event === 'start').map((event) => event.pgid!))];
    const children = running.filter((event) => event.event === 'child').map((event) => event.child!);
    const mark = running.length;
    await procformOk(['down', ...stateArgs()]);
    const returnedAt = Date.now();
    const stopping = events().slice(mark);

    for (const [dependent, dependency] of dependencies) {
      const exited = stopping.find((event) => event.name === dependent && event.event === 'exit');
      const signalled = stopping.find((event) => event.name === dependency && event.event === 'signal');
      const inOrder = exited !== undefined && signalled !== undefined && exited.index < signalled.index;
      judge(dependent, 'ordering', inOrder, `${dependency} was signalled before ${dependent} had exited`);
    }
    const current = instances.filter((name) => name !== 'chatty');
    for (const instance of current) {
      const wanted = instance === 'stopper' ? 'SIGINT' : 'SIGTERM';
      const signals = stopping.filter((event) => event.name === instance && event.event === 'signal').map((event) => event.signal);
      const exited = stopping.some((event) => event.name === instance && event.event === 'exit');
      const stubborn = instance === 'stubborn';
      judge(instance, 'stop', signals[0] === wanted && exited !== stubborn, `it received ${signals.join(', ') || 'no signal'}${exited ? ' and exited' : ''}`);
    }
    // stubborn ignores SIGTERM: only SIGKILL ends it, after its 2 s; not before (down returned
    // later), and not after a manager's default of 10 s or more (it said `alive` no later than 8 s).
    const signalled = stopping.find((event) => event.name === 'stubborn' && event.event === 'signal');
    const lastAlive = stopping.filter((event) => event.name === 'stubborn' && event.event === 'alive').at(-1);
    const lived = signalled && lastAlive ? lastAlive.t - signalled.t : 0;
    judge(
      'stubborn',
      'stop',
      signalled !== undefined && returnedAt - signalled.t >= 2000 && lived < 8000,
      `down returned ${signalled ? returnedAt - signalled.t : '?'} ms after SIGTERM; it still lived ${lived} ms after it`,
    );
    done();

    expect(processesUsing(main.dir).map((pid) => `${pid}: ${argvOf(pid).join(' ')}`)).toEqual([]);
    const left = await machine.sandbox.succeed(['ps', '-eo', 'pid=,pgid=,args='], { user: 'root' });
    const leftGroups = left.split('\n').filter((line) => groups.includes(Number(line.trim().split(/\s+/)[1])));
    expect(leftGroups, 'processes left in the instances\' process groups').toEqual([]);
    for (const child of children) expect(left).not.toMatch(new RegExp(`^\\s*${child}\\s`, 'm'));
    expect(filesUnder(main.state).filter((file) => file.endsWith('.pid')), 'PID files left').toEqual([]);
  });

  check('--explain claims nothing native or emulated that no check confirmed', async () => {
    const { claims } = await deploy();
    const unconfirmed: string[] = [];
    for (const [instance, features] of Object.entries(claims)) {
      for (const [feature, claim] of Object.entries(features) as [Capability['feature'], { support: Support }][]) {
        if (claim.support === 'dropped' || confirmed.has(`${instance}:${feature}`)) continue;
        const other = representative[feature];
        if (other && claims[other]?.[feature]?.support === claim.support && confirmed.has(`${other}:${feature}`)) continue;
        unconfirmed.push(`${instance}: ${feature} (${claim.support})`);
      }
    }
    expect(unconfirmed, 'claims no check confirmed (or whose check failed)').toEqual([]);
  });
});

/** Every file below a folder. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * An instance's log files, rotated ones included: those below the state folder named after it, or
 * in a log folder named after it (s6-log and svlogd write `current` and `@<TAI64N>.s` files).
 */
function logFilesOf(state: string, instance: string): string[] {
  return filesUnder(state).filter((file) => new RegExp(`/${instance}([.-][^/]*log[^/]*|/(current|@[0-9a-f]{24}\\.[su]))$`).test(file) && !file.includes('/store/'));
}
