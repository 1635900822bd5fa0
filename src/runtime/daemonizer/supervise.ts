// The supervising half of procform-daemonize: runs the program, captures its output into the log,
// restarts it by policy with exponential backoff, and passes stop and reload signals on.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { explainExit } from '../../process/exit-reason.ts';
import { signalGroup } from '../../process/process-group.ts';
import { decideRestart, MIN_UPTIME_MS, newRestartCounter } from '../backoff.ts';
import type { DaemonizeOptions } from './options.ts';
import { LineSplitter } from '../line-splitter.ts';
import { DEFAULT_MAX_LINE_BYTES, LogWriter } from '../log-writer.ts';
import { removeOwnPidFile, writeOwnPidFile } from '../pid-file.ts';
import type { DaemonizeStatus } from './status-file.ts';
import { removeDaemonizeStatus, writeDaemonizeStatus } from './status-file.ts';
import { commandAsUser } from '../switch-user.ts';

/** What the daemonizing parent waits for: the program's first run started, or could not. */
export type StartOutcome = { kind: 'started'; pid: number } | { kind: 'failed'; reason: string };

/** Signals that mean "stop" besides the configured one; reload-like signals are forwarded instead. */
const stopSignals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGQUIT'];
const forwardedSignals: NodeJS.Signals[] = ['SIGHUP', 'SIGUSR1', 'SIGUSR2'];
const uncatchable = new Set(['SIGKILL', 'SIGSTOP']);

/**
 * Supervises until stopped or failed. Runs in its own session (the daemonizing parent made it), so
 * it and the program form one process group: init-functions' killproc sends the stop signal to it
 * alone, it forwards the signal to the group, and SIGKILL after the timeout reaches the whole group.
 */
export function supervise(options: DaemonizeOptions, notify: (outcome: StartOutcome, then: () => void) => void): void {
  // The builtin supervisor's log writer: timestamps, rotation between lines, long lines cut.
  const log = options.logFile === null ? null : new LogWriter(options.logFile, { ...options.log, maxLineBytes: DEFAULT_MAX_LINE_BYTES });
  const say = (text: string) => log?.writeLine(Buffer.from(`procform-daemonize: ${text}`));
  const counter = newRestartCounter();
  let child: ChildProcess | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  let notified = false;
  let restarts = 0;
  let startedAt: number | null = null;

  const report = (state: DaemonizeStatus['state'], reason?: string) =>
    writeDaemonizeStatus(options.statusFile, { supervisorPid: process.pid, pid: child?.pid ?? null, state, restarts, startedAt, ...(reason && { reason }) });
  // The parent learns how the first run went; `then` runs once it has been told.
  const firstOutcome = (outcome: StartOutcome, then: () => void = () => {}) => {
    if (notified) return then();
    notified = true;
    notify(outcome, then);
  };
  // A clean end: nothing is left to report, so nothing says it runs.
  const finish = () => {
    removeOwnPidFile(options.pidFile);
    removeDaemonizeStatus(options.statusFile);
    process.exit(0);
  };
  // A failure keeps the PID file: LSB status then says "dead, but the PID file is left" (1).
  const fail = (reason: string) => {
    say(reason);
    report('failed', reason);
    firstOutcome({ kind: 'failed', reason }, () => process.exit(1));
  };

  let command: { command: string; args: string[] };
  try {
    command = options.user === null ? { command: options.program, args: options.args } : commandAsUser(options.user, options.program, options.args);
  } catch (error) {
    return firstOutcome({ kind: 'failed', reason: (error as Error).message }, () => process.exit(1));
  }
  writeOwnPidFile(options.pidFile);

  const run = () => {
    timer = undefined;
    const began = Date.now();
    // The run counts as started once it stayed up MIN_UPTIME_MS: only then does the caller (the
    // init script's start) hear that it started, so a program that exits at once fails the start.
    let started = false;
    let upTimer: NodeJS.Timeout | undefined;
    const current = spawn(command.command, command.args, { stdio: log === null ? 'ignore' : ['ignore', 'pipe', 'pipe'] });
    child = current;
    for (const stream of [current.stdout, current.stderr]) {
      if (stream === null) continue;
      const lines = new LineSplitter((line) => log?.writeLine(line));
      stream.on('data', (chunk: Buffer) => lines.push(chunk));
      stream.on('end', () => lines.end());
    }
    const ended = (how: string, code: number | null) => {
      if (child !== current) return;
      child = null;
      clearTimeout(upTimer);
      if (stopping) return finish();
      const decision = decideRestart(options.restart, counter, { succeeded: code === 0, durationMs: Date.now() - began, started });
      if (decision.action === 'stay-stopped') {
        // It finished its work (exit 0, not to be restarted): a start that succeeded.
        say(`${options.name} ${how}`);
        return firstOutcome({ kind: 'started', pid: current.pid! }, finish);
      }
      if (decision.action === 'fail') return fail(`${options.name} ${how}; ${decision.why}`);
      const delay = decision.delayMs;
      restarts += 1;
      say(`${options.name} ${how}; restarting in ${delay} ms`);
      report('backoff', how);
      timer = setTimeout(run, delay);
    };
    current.once('spawn', () => {
      startedAt = began;
      report('running');
      upTimer = setTimeout(() => {
        started = true;
        firstOutcome({ kind: 'started', pid: current.pid! });
      }, MIN_UPTIME_MS);
    });
    current.once('error', (error) => {
      if (!notified) return fail(`cannot start ${options.program}: ${error.message}`);
      ended(`could not start: ${error.message}`, null);
    });
    current.once('exit', (code, signal) => {
      const how = explainExit(code, signal);
      // Its last output may still be in the pipes: log it before what follows its end, unless
      // something it left behind holds the pipes open.
      const proceed = () => ended(how, signal === null ? code : null);
      if (log === null) return proceed();
      const grace = setTimeout(proceed, 200);
      current.once('close', () => {
        clearTimeout(grace);
        proceed();
      });
    });
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    if (child === null) {
      clearTimeout(timer);
      return finish();
    }
    // To the whole group: the program and whatever it started. Our own copy finds us stopping already.
    if (!signalGroup(process.pid, signal)) child.kill(signal);
  };
  for (const signal of new Set([...stopSignals, options.stopSignal])) {
    if (!uncatchable.has(signal)) process.on(signal, () => stop(signal));
  }
  for (const signal of forwardedSignals) {
    if (signal !== options.stopSignal) process.on(signal, () => child?.kill(signal));
  }
  process.on('uncaughtException', (error) => {
    child?.kill('SIGKILL');
    fail(`internal error: ${error.stack ?? error.message}`);
  });
  run();
}
