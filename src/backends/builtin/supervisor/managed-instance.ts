import type { ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import type { InstanceState, InstanceStatus } from '../../../deploy/types.ts';
import type { LivenessSpec } from '../../../model/types.ts';
import { LineMatcher } from '../../../readiness/log-line.ts';
import { probeOnce } from '../../../readiness/probe.ts';
import { waitUntilReady } from '../../../readiness/wait-until-ready.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RestartCounter } from '../../../runtime/backoff.ts';
import { decideRestart, MIN_UPTIME_MS, newRestartCounter } from '../../../runtime/backoff.ts';
import type { ChildRecord } from './child-record.ts';
import type { EventLog } from './events.ts';
import { explainExit } from '../../../process/exit-reason.ts';
import type { Guardian } from './guardian.ts';
import type { InstanceConfig } from './instance-config.ts';
import { withLastLines } from '../../../deploy/instance-failed.ts';
import { LogWriter, openLogFile } from '../../../runtime/log-writer.ts';
import { isRecycledGroup, isSameProcess, readProcStat } from '../../../process/proc-stat.ts';
import { readPidFile } from '../../../process/read-pid-file.ts';
import { groupExists, signalGroup, waitGroupsEmpty } from '../../../process/process-group.ts';
import { planLaunch, spawnLaunch } from '../../../runtime/launcher.ts';
import { lookupAccount } from '../../../runtime/user-account.ts';
import { readOutput } from './read-output.ts';
import { describeUnhealthy } from './format-event.ts';

/** What every instance shares with the supervisor. */
export interface InstanceHost {
  log: EventLog;
  guardian: Guardian;
  record: ChildRecord;
  /** The open-files limit children get (the supervisor raises its own). */
  childNofile: string | undefined;
}

/** One run: a launch of the process, from spawn until its process groups are empty. */
interface Run {
  child: ChildProcess | null;
  /** Process groups of this run and the start time of each group's first process. */
  groups: Map<number, number>;
  startedAt: number;
  /** It counted as started: it passed its readiness check, or ran MIN_UPTIME_MS without one. */
  started: boolean;
  /** Aborts readiness and liveness probing and daemon watching when the run ends. */
  abort: AbortController;
  /** Its liveness check failed: the supervisor stops it, and its exit is not one of its own. */
  hung: boolean;
  lines: LineMatcher | null;
  daemonWatch: NodeJS.Timeout | null;
  env: Record<string, string>;
  /** Resolves once the spawned process has exited (and been reaped). */
  exited: Promise<void>;
  markExited: () => void;
}

const daemonPollMs = 250;
const killWaitMs = 5_000;
const outputGraceMs = 100;

/**
 * One supervised instance: its runs, restarts with backoff, readiness and stopping. Event-driven:
 * exits come from the child's 'exit' event, never from polling, except for daemons, which are not
 * our children and are watched through /proc.
 */
export class ManagedInstance {
  readonly key: string;
  config: InstanceConfig;
  storePath: string;
  dependencies: string[];
  state: InstanceState | 'stopping' = 'stopped';
  ready = false;
  pid: number | null = null;
  startedAt: number | null = null;
  restarts = 0;
  reason: string | undefined;

  private readonly host: InstanceHost;
  private counter: RestartCounter = newRestartCounter();
  private run: Run | null = null;
  private wanted = false;
  private everReady = false;
  private startDeadline = 0;
  private backoffTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private writer: LogWriter | null = null;
  /** The log being opened ahead of a start (prepareLog). */
  private writerOpening: Promise<LogWriter> | null = null;
  private onSpawned: ((pid: number) => void) | null = null;

  constructor(key: string, config: InstanceConfig, storePath: string, dependencies: string[], host: InstanceHost) {
    this.key = key;
    this.config = config;
    this.storePath = storePath;
    this.dependencies = dependencies;
    this.host = host;
  }

  /** Running, starting, or waiting to restart: the supervisor is keeping it up. */
  get active(): boolean {
    return this.wanted;
  }

  /** Starts it (a no-op when it is already kept up). Resolves once the first run is spawned. */
  async start(onSpawned?: (pid: number) => void): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.wanted) return;
    this.wanted = true;
    this.counter = newRestartCounter();
    this.restarts = 0;
    this.reason = undefined;
    this.everReady = false;
    this.startDeadline = Date.now() + (this.config.readiness?.timeoutMs ?? 0);
    this.onSpawned = onSpawned ?? null;
    await this.launch();
  }

  /** Resolves once ready; rejects with the reason when it fails, or is stopped, first. */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    if (!this.wanted) return Promise.reject(new Error(this.reason ?? 'it is not running'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Stops it: the stop signal to every process group, SIGKILL after the timeout; resolves once the groups are empty. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.wanted = false;
    if (this.backoffTimer) clearTimeout(this.backoffTimer);
    this.backoffTimer = null;
    this.settle(new Error('it was stopped'));
    const run = this.run;
    if (!run) {
      if (this.state !== 'failed') this.state = 'stopped';
      return Promise.resolve();
    }
    this.state = 'stopping';
    this.stopping = (async () => {
      run.abort.abort();
      await this.terminate(run);
      this.run = null;
      this.ready = false;
      this.pid = null;
      this.state = 'stopped';
      this.host.log({ kind: 'stopped', instance: this.key });
    })().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  status(): InstanceStatus {
    return {
      instance: this.key,
      name: this.config.name,
      state: this.state === 'stopping' ? 'running' : this.state,
      pid: this.pid,
      startedAt: this.state === 'running' || this.state === 'starting' || this.state === 'stopping' ? this.startedAt : null,
      restarts: this.restarts,
      ready: this.ready,
      ...(this.reason !== undefined && this.state === 'failed' && { reason: this.reason }),
    };
  }

  /** Replaces the configuration of a stopped instance (a changed store path), before it starts again. */
  reconfigure(config: InstanceConfig, storePath: string, dependencies: string[]): void {
    if (JSON.stringify(config.log) !== JSON.stringify(this.config.log)) this.releaseWriter();
    this.config = config;
    this.storePath = storePath;
    this.dependencies = dependencies;
  }

  /** Frees the log file once no run writes to it any more. */
  dispose(): void {
    this.releaseWriter();
  }

  private async launch(): Promise<void> {
    const config = this.config;
    let markExited = () => {};
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const run: Run = { child: null, groups: new Map(), startedAt: Date.now(), started: false, abort: new AbortController(), hung: false, lines: null, daemonWatch: null, env: {}, exited, markExited };
    this.run = run;
    this.state = 'starting';
    this.ready = false;
    this.pid = null;
    let launch;
    let writer: LogWriter;
    try {
      const account = config.user === null ? null : await lookupAccount(config.user);
      if (this.run !== run || !this.wanted) return;
      if (config.directory !== null && !isDirectory(config.directory)) throw new Error(`its directory ${config.directory} does not exist`);
      // Opened before the spawn: a log that cannot be written is a reason not to start.
      writer = await this.openWriter();
      if (this.run !== run || !this.wanted) return;
      launch = planLaunch(config, account, this.host.childNofile);
      run.child = spawnLaunch(launch);
    } catch (error) {
      this.fail(`could not start: ${(error as Error).message}`);
      return;
    }
    run.env = launch.env;
    const child = run.child;
    const pid = child.pid;
    if (pid === undefined) {
      // Spawning failed (for example /bin/sh is missing); the reason comes as an 'error' event.
      child.once('error', (error) => this.fail(`could not start: ${error.message}`));
      return;
    }
    this.trackGroup(run, pid, readProcStat(pid)?.startTime ?? 0);
    this.pid = pid;
    this.startedAt = run.startedAt;
    if (config.readiness?.kind === 'log') run.lines = new LineMatcher(config.readiness.pattern, config.log.maxLineBytes);
    // The pipe may outlive the process (a grandchild holds it): the file stays open until it closes.
    writer.retain();
    const outputClosed = readOutput(child.stdout!, (chunk) => {
      writer.write(chunk);
      run.lines?.feed(chunk);
    });
    void outputClosed.then(() => writer.release());
    child.on('error', (error) => this.host.log({ kind: 'error', message: `${this.key}: ${error.message}` }));
    child.once('exit', (code, signal) => {
      run.markExited();
      // Its last output may still be in the pipe: logged first, so that a failure can quote it. Not
      // for long, though: a grandchild (a daemon) may hold the pipe open for ever.
      void Promise.race([outputClosed, new Promise((resolve) => setTimeout(resolve, outputGraceMs))]).then(() => this.onLauncherExit(run, code, signal));
    });
    this.host.log({ kind: 'spawned', instance: this.key, pid });
    // Only the first spawn of a start is reported to the apply that asked for it.
    this.onSpawned?.(pid);
    this.onSpawned = null;
    if (config.mode === 'foreground') void this.awaitReadiness(run);
  }

  private onLauncherExit(run: Run, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.run !== run || !this.wanted || run.hung) return;
    const explanation = explainExit(code, signal);
    if (this.config.mode === 'daemon' && code === 0 && run.daemonWatch === null) {
      void this.findDaemon(run);
      return;
    }
    void this.runEnded(run, explanation, code === 0 && signal === null);
  }

  /** Daemon mode: the launcher exited 0, so the daemon runs; its PID file says which process it is. */
  private async findDaemon(run: Run): Promise<void> {
    const pidFile = this.config.pidFile!;
    const deadline = Date.now() + Math.max(5_000, this.startDeadline - Date.now());
    while (this.run === run && this.wanted) {
      const pid = await readPidFile(pidFile);
      const stat = pid === null ? null : readProcStat(pid);
      if (pid !== null && stat && stat.state !== 'Z') {
        this.trackGroup(run, stat.pgid, stat.startTime);
        this.pid = pid;
        this.host.log({ kind: 'daemon-found', instance: this.key, pid, pidFile });
        run.daemonWatch = setInterval(() => {
          if (isSameProcess(pid, stat.startTime)) return;
          clearInterval(run.daemonWatch!);
          if (this.run === run && this.wanted) void this.runEnded(run, `its daemon (PID ${pid}) is gone`, false);
        }, daemonPollMs);
        void this.awaitReadiness(run);
        return;
      }
      if (Date.now() > deadline) {
        void this.runEnded(run, `exited 0, but its PID file ${pidFile} names no running process`, false);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async awaitReadiness(run: Run): Promise<void> {
    const readiness = this.config.readiness;
    if (readiness) {
      // The first start has one deadline across its restarts; a restart of a service that was ready gets a full timeout.
      const timeoutMs = this.everReady ? readiness.timeoutMs : Math.max(0, this.startDeadline - Date.now());
      let failure: string | null = null;
      try {
        await waitUntilReady(readiness, { signal: run.abort.signal, env: run.env, timeoutMs, ...(run.lines && { lines: run.lines }) });
      } catch (error) {
        failure = (error as Error).message;
      }
      if (this.run !== run || !this.wanted || run.abort.signal.aborted) return;
      if (failure !== null) {
        // Not ready in time: stop this run for good, so a half-started service does not linger.
        run.abort.abort();
        await this.terminate(run);
        if (this.run === run && this.wanted) this.fail(failure);
        return;
      }
    } else {
      // Without a check, a run counts once it stayed up a while: one that exits at once is not ready.
      try {
        await sleep(MIN_UPTIME_MS, undefined, { signal: run.abort.signal });
      } catch {
        return;
      }
      if (this.run !== run || !this.wanted) return;
    }
    run.started = true;
    this.ready = true;
    this.everReady = true;
    this.state = 'running';
    this.host.log({ kind: 'ready', instance: this.key, afterMs: Date.now() - run.startedAt });
    this.settle(null);
    if (this.config.liveness) void this.watchLiveness(run, this.config.liveness);
  }

  /**
   * Once the run is ready: a liveness attempt every period (or at once after one that took longer);
   * `failures` failed attempts in a row mean the process runs but hangs. Ends with the run.
   */
  private async watchLiveness(run: Run, spec: LivenessSpec): Promise<void> {
    const { signal } = run.abort;
    let failures = 0;
    try {
      await sleep(spec.afterMs, undefined, { signal });
      for (;;) {
        const began = Date.now();
        const result = await probeOnce(spec, { env: run.env }, spec.timeoutMs);
        if (signal.aborted || this.run !== run) return;
        failures = result.ready ? 0 : failures + 1;
        if (!result.ready && failures >= spec.failures) {
          await this.livenessFailed(run, failures, result.reason);
          return;
        }
        await sleep(Math.max(0, spec.periodMs - (Date.now() - began)), undefined, { signal });
      }
    } catch (error) {
      if (!signal.aborted) this.host.log({ kind: 'error', message: `${this.key}: liveness check: ${(error as Error).message}` });
    }
  }

  /**
   * A hung run is stopped as any other (its stop signal, SIGCONT so that a stopped process sees
   * it, SIGKILL after the stop timeout), then ends as a failed run: the restart policy and backoff
   * decide what comes next, and a restart is counted.
   */
  private async livenessFailed(run: Run, failures: number, reason: string): Promise<void> {
    if (this.run !== run || !this.wanted) return;
    const event = { kind: 'unhealthy' as const, instance: this.key, pid: this.pid ?? 0, failures, reason, restarting: this.config.restart.policy !== 'no' };
    this.host.log(event);
    this.writer?.writeLine(Buffer.from(`[procform] ${describeUnhealthy(event)}`));
    run.hung = true;
    run.abort.abort();
    this.ready = false;
    await this.terminate(run);
    if (this.run !== run || !this.wanted) return;
    await this.runEnded(run, `hung: its liveness check failed ${failures} times (${reason})`, false);
  }

  /** A run ended by itself: clear what is left of its groups, then restart, stay stopped, or fail. */
  private async runEnded(run: Run, explanation: string, succeeded: boolean): Promise<void> {
    run.abort.abort();
    this.ready = false;
    const durationMs = Date.now() - run.startedAt;
    this.host.log({ kind: 'exited', instance: this.key, pid: this.pid ?? 0, explanation, runMs: durationMs });
    this.pid = null;
    // Leftovers of the group (a grandchild) must go before a new run starts beside them.
    await this.terminate(run);
    if (this.run !== run || !this.wanted) return;
    const decision = decideRestart(this.config.restart, this.counter, { succeeded, durationMs, started: run.started });
    if (decision.action === 'stay-stopped') {
      this.wanted = false;
      this.run = null;
      this.state = 'stopped';
      this.reason = explanation;
      // A program without a readiness check that did its work and exited 0, not to be restarted,
      // started fine (a one-shot), as on every backend; one with a check never passed it.
      this.settle(this.config.readiness === null ? null : new Error(`${explanation} before it was ready`));
      return;
    }
    if (decision.action === 'fail') {
      this.fail(`${explanation}; ${decision.why}`);
      return;
    }
    this.restarts += 1;
    this.state = 'backoff';
    this.host.log({ kind: 'backoff', instance: this.key, delayMs: decision.delayMs, restart: this.restarts });
    this.backoffTimer = setTimeout(() => {
      this.backoffTimer = null;
      if (this.wanted && this.run === run) void this.launch();
    }, decision.delayMs);
  }

  /** Failed for good: the reason in words, with the last lines of its log. */
  private fail(why: string): void {
    this.reason = withLastLines(why, this.config.log.file, 1);
    this.wanted = false;
    this.run = null;
    this.ready = false;
    this.pid = null;
    this.state = 'failed';
    this.host.log({ kind: 'failed', instance: this.key, reason: why });
    this.settle(new Error(this.reason));
  }

  /** Sends the stop signal to the run's groups that still have processes, SIGKILL after the timeout. */
  private async terminate(run: Run): Promise<void> {
    if (run.daemonWatch) clearInterval(run.daemonWatch);
    const { signal, timeoutMs } = this.config.stop;
    // A group that ended earlier in the run (a daemon's launcher) may have given its number to a stranger.
    const ours = (pgid: number) => !isRecycledGroup(pgid, run.groups.get(pgid)!);
    const live = [...run.groups.keys()].filter((pgid) => ours(pgid) && groupExists(pgid));
    if (live.length > 0) {
      this.host.log({ kind: 'stopping', instance: this.key, signal, pgids: live });
      for (const pgid of live) {
        signalGroup(pgid, signal as NodeJS.Signals);
        // A stopped process (SIGSTOP, a debugger, ^Z) would see the stop signal only after SIGKILL: as systemd does.
        if (signal !== 'SIGCONT') signalGroup(pgid, 'SIGCONT');
      }
      if (!(await waitGroupsEmpty(live, timeoutMs, run.exited))) {
        // A group that emptied during the wait may have lent its number already.
        const left = live.filter(ours);
        this.host.log({ kind: 'escalated', instance: this.key, pgids: left, afterMs: timeoutMs });
        for (const pgid of left) signalGroup(pgid, 'SIGKILL');
        if (!(await waitGroupsEmpty(left, killWaitMs, run.exited))) {
          this.host.log({ kind: 'error', message: `${this.key}: process groups ${left.join(', ')} survive SIGKILL (uninterruptible?)` });
          return;
        }
      }
    }
    for (const pgid of run.groups.keys()) {
      this.host.guardian.untrack(pgid);
      this.host.record.remove(pgid);
    }
    run.groups.clear();
  }

  private trackGroup(run: Run, pgid: number, since: number): void {
    if (run.groups.has(pgid)) return;
    run.groups.set(pgid, since);
    const { signal, timeoutMs } = this.config.stop;
    this.host.guardian.track(pgid, signal, timeoutMs, since);
    this.host.record.add({ instance: this.key, pgid, since, signal, timeoutMs });
  }

  private settle(error: Error | null): void {
    for (const waiter of this.waiters.splice(0)) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  /**
   * Starts opening the log file in Node's thread pool, so that a start of many instances does not
   * create their files one by one between spawns. Its failure is reported by the start.
   */
  prepareLog(): void {
    if (this.writer || this.writerOpening) return;
    const { file, timestamps, rotate, maxLineBytes } = this.config.log;
    this.writerOpening = openLogFile(file).then((opened) => new LogWriter(file, { timestamps, rotate, maxLineBytes }, opened));
    this.writerOpening.catch(() => {});
  }

  /** The instance's log file, opened once and shared by its runs. */
  private async openWriter(): Promise<LogWriter> {
    if (this.writer) return this.writer;
    const opening = this.writerOpening;
    this.writerOpening = null;
    const { file, timestamps, rotate, maxLineBytes } = this.config.log;
    const writer = opening ? await opening : new LogWriter(file, { timestamps, rotate, maxLineBytes });
    this.writer = writer.retain();
    return writer;
  }

  private releaseWriter(): void {
    this.writer?.release();
    this.writer = null;
    // A log still being opened is closed once it is.
    void this.writerOpening?.then((writer) => writer.close(), () => {});
    this.writerOpening = null;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
