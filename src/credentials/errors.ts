import { ProcformError } from '../errors.ts';

/** A user or group could not be created or removed; carries the failed command and what it said. */
export class AccountError extends ProcformError {
  readonly command: readonly string[] | undefined;

  constructor(message: string, options: { command?: readonly string[]; hint?: string; cause?: unknown } = {}) {
    super(message, options);
    this.command = options.command;
  }
}

/**
 * Accounts a switch or `down` could not remove (a process still runs as the user): everything else
 * was done. They stay recorded, so that the deployment's next switch or `down` removes them.
 */
export class AccountsLeftError extends AccountError {
  /** What is left, in words: "user webapp", "group webapp". */
  readonly left: readonly string[];

  constructor(left: readonly string[], failures: readonly AccountError[]) {
    super(
      `everything else is done, but ${left.length === 1 ? 'this account is' : 'these accounts are'} left: ${left.join(', ')} (still recorded as procform's: the next switch or \`procform down\` removes ${left.length === 1 ? 'it' : 'them'})\n${failures.map((failure) => failure.message).join('\n')}`,
      { hint: failures[0]!.hint ?? 'Fix what stops the removal, then run `procform down` (or the next switch) again.' },
    );
    this.left = left;
  }
}
