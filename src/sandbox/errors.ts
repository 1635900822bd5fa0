// Errors of the sandbox layer. They live here rather than in src/errors.ts because only sandbox
// users (the test framework, benchmarks) meet them; they are ProcformErrors all the same.
import { ProcformError } from '../errors.ts';
import { explainExit } from '../process/exit-reason.ts';
import type { SandboxExecResult } from './types.ts';

/** A sandbox could not be created, used or removed. */
export class SandboxError extends ProcformError {}

/** A command run with `succeed` did not exit 0. Carries everything needed to see why. */
export class SandboxCommandError extends SandboxError {
  readonly command: string;
  readonly result: SandboxExecResult;

  constructor(sandboxId: string, command: string, result: SandboxExecResult) {
    super(`in sandbox ${sandboxId}: \`${command}\` ${describeEnd(result)}${outputTail(result)}`, {
      hint: result.timedOut ? 'Give it more time (timeoutMs), or check what it waits for.' : undefined,
    });
    this.command = command;
    this.result = result;
  }
}

/** systemd did not finish booting in time, or ended up in a state other than running/degraded. */
export class SandboxBootError extends SandboxError {}

function describeEnd(result: SandboxExecResult): string {
  if (result.timedOut) return 'timed out';
  return explainExit(result.code, result.signal);
}

function outputTail(result: SandboxExecResult): string {
  const parts = [
    result.stderr.trim() && `stderr:\n${lastLines(result.stderr)}`,
    result.stdout.trim() && `stdout:\n${lastLines(result.stdout)}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : `\n${parts.join('\n')}`;
}

function lastLines(text: string, count = 20): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
