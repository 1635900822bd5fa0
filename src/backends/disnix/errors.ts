import { ProcformError } from '../../errors.ts';

/** A process did not start, stop or become ready: names the instance and what went wrong, with its last output. */
export class ProcessActivationError extends ProcformError {
  readonly instance: string;

  constructor(instance: string, message: string, options: { output?: string; logFile?: string | null; hint?: string } = {}) {
    const output = (options.output ?? '').trim().split('\n').slice(-15).join('\n');
    super(`instance "${instance}": ${message}${output ? `:\n${output}` : ''}`, {
      hint: options.hint ?? (options.logFile ? `Its output is in ${options.logFile}.` : undefined),
    });
    this.instance = instance;
  }
}
