import { ProcformError } from '../errors.ts';

/** docs/migrating.md lists them: a file that cannot be imported, and an output that is there already. */
export const IMPORT_EXIT_CODES = { badInput: 66, outputExists: 73 } as const;

/** The file to import is missing, unreadable, or not a valid file of its format; names the file and line. */
export class ImportError extends ProcformError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, line: number | undefined, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${message}`, { ...options, processExitCode: IMPORT_EXIT_CODES.badInput });
    this.file = file;
    this.line = line;
  }
}

/** `--out` names a file that exists: importing never overwrites one unless told to. */
export class OutputExistsError extends ProcformError {
  constructor(path: string) {
    super(`${path} exists already; nothing was written`, {
      hint: 'Pass --force to replace it, or --out another file.',
      processExitCode: IMPORT_EXIT_CODES.outputExists,
    });
  }
}
