// Errors of the test driver. Assertions in a test file throw whatever the test uses (node:assert);
// these are what procform itself reports: a broken test file, a machine command or wait that did
// not go as asked, and the outcome of a whole run for the command line's exit status.
import { ProcformError } from '../errors.ts';

/** A test file cannot be loaded, or declares something the driver cannot run. */
export class TestDefinitionError extends ProcformError {}

/** Something asked of a machine did not happen: the base of the machine's own errors. */
export class MachineError extends ProcformError {}

/** What a command run in a machine ended with. */
export interface CommandOutcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** `succeed` saw a command fail, or `fail` saw one succeed. Carries the command and its output. */
export class MachineCommandError extends MachineError {
  readonly command: string;
  readonly outcome: CommandOutcome;

  constructor(machine: string, command: string, outcome: CommandOutcome, expectation: 'succeed' | 'fail') {
    super(`${machine}: \`${command}\` ${describeEnd(outcome)}${expectation === 'fail' ? ', but it should have failed' : ''}${outputTail(outcome)}`);
    this.command = command;
    this.outcome = outcome;
  }
}

/** A wait did not see its condition before its deadline. */
export class MachineTimeoutError extends MachineError {
  constructor(machine: string, what: string, waitedMs: number, lastAttempt: string) {
    super(`${machine}: ${what} did not happen within ${formatSeconds(waitedMs)}${lastAttempt ? `; last attempt: ${lastAttempt}` : ''}`, {
      hint: 'Give it more time ({ timeoutMs }), or see the logs below for why it never happened.',
    });
  }
}

/** A variant ran past its deadline (`timeoutMs`, `procform test --timeout`). */
export class VariantTimeoutError extends ProcformError {}

/** Debian packages a test needs are not installed on the host (whose programs every machine sees). */
export class MissingPackagesError extends ProcformError {}

/** Some variants did not pass: the command line exits 1. */
export class TestRunFailedError extends ProcformError {}

/** The run was interrupted (Ctrl-C): exit status 130, as a shell reports SIGINT. */
export class TestRunInterruptedError extends ProcformError {
  constructor(message: string) {
    super(message, { processExitCode: 130 });
  }
}

export function describeEnd(outcome: CommandOutcome): string {
  if (outcome.timedOut) return 'timed out';
  if (outcome.signal) return `was killed by ${outcome.signal}`;
  if (outcome.code === 0) return 'exited 0';
  if (outcome.code === 127) return 'exited 127: command not found';
  if (outcome.code === 126) return 'exited 126: not executable';
  return `exited ${outcome.code}`;
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

function outputTail(outcome: CommandOutcome): string {
  const parts = [
    outcome.stderr.trim() && `stderr:\n${lastLines(outcome.stderr, 20)}`,
    outcome.stdout.trim() && `stdout:\n${lastLines(outcome.stdout, 20)}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : `\n${parts.join('\n')}`;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
