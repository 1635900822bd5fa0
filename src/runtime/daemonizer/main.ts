#!/usr/bin/env node
// procform-daemonize: turns a program that only runs in the foreground into a daemon for init
// scripts, as upstream's sysvinit backend uses libslack's `daemon`, and supervises it (restart
// with backoff, log capture with rotation and timestamps), which neither sysvinit nor
// start-stop-daemon --background do. See options.ts for the command line.
//
// Like a daemon, it returns once the program runs: the parent starts the supervisor in a new
// session, waits until the program's first run has started (or could not), and exits 0 or 1.
import { spawn } from 'node:child_process';
import type { StartOutcome } from './supervise.ts';
import { supervise } from './supervise.ts';
import { DaemonizeUsageError, parseDaemonizeOptions } from './options.ts';
import { longestStartMs } from '../backoff.ts';

const SUPERVISE = '--procform-supervise';
const args = process.argv.slice(2);

if (args[0] === SUPERVISE) {
  const notify = (outcome: StartOutcome, then: () => void) => {
    if (!process.send) return then();
    process.send(outcome, () => {
      process.disconnect();
      then();
    });
  };
  try {
    supervise(parseDaemonizeOptions(args.slice(1)), notify);
  } catch (error) {
    // Setting up failed (the log or the PID file cannot be written): tell the parent why.
    notify({ kind: 'failed', reason: (error as Error).message }, () => process.exit(1));
  }
} else {
  let name: string;
  let waitMs: number;
  try {
    const options = parseDaemonizeOptions(args);
    name = options.name;
    waitMs = longestStartMs(options.restart.backoff) + 30_000;
  } catch (error) {
    if (!(error instanceof DaemonizeUsageError || error instanceof TypeError || error instanceof SyntaxError)) throw error;
    process.stderr.write(`procform-daemonize: ${error.message}\n`);
    process.exit(2);
  }
  const supervisor = spawn(process.execPath, [process.argv[1]!, SUPERVISE, ...args], {
    detached: true, // setsid(): its own session and process group, no terminal
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const outcome = await new Promise<StartOutcome>((resolve) => {
    supervisor.once('message', (message) => resolve(message as StartOutcome));
    supervisor.once('error', (error) => resolve({ kind: 'failed', reason: error.message }));
    supervisor.once('exit', (code) => resolve({ kind: 'failed', reason: `procform-daemonize exited ${code} before ${name} started` }));
    setTimeout(() => resolve({ kind: 'failed', reason: `${name} did not start within ${Math.round(waitMs / 1000)} s` }), waitMs).unref();
  });
  if (outcome.kind === 'failed') {
    process.stderr.write(`procform-daemonize: ${outcome.reason}\n`);
    process.exit(1);
  }
  supervisor.disconnect();
  supervisor.unref();
  process.exit(0);
}
