import { ProcformError } from '../errors.ts';

/** A user or group could not be created or removed; carries the failed command and what it said. */
export class AccountError extends ProcformError {
  readonly command: readonly string[] | undefined;

  constructor(message: string, options: { command?: readonly string[]; hint?: string; cause?: unknown } = {}) {
    super(message, options);
    this.command = options.command;
  }
}
