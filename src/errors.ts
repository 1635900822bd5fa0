// Domain errors. Domain code throws them; only the CLI entry point turns them into messages and
// exit codes (the changesets habit), so every library function stays usable from tests and scripts.

/** Base class: an error procform expects and can explain to a user. */
export class ProcformError extends Error {
  /** What the user can do about it, printed on its own line. */
  readonly hint: string | undefined;
  /** The command line's exit status for it: 1 unless a convention says otherwise (130 after Ctrl-C). */
  readonly processExitCode: number;

  constructor(message: string, options: { hint?: string; cause?: unknown; processExitCode?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.processExitCode = options.processExitCode ?? 1;
  }
}

/** One thing wrong with a processes model, located as precisely as we can. */
export interface ModelProblem {
  instance?: string;
  field?: string;
  message: string;
}

/** A processes model failed to load, evaluate or validate. Lists every problem found, not just the first. */
export class ModelError extends ProcformError {
  readonly file: string;
  readonly problems: readonly ModelProblem[];

  constructor(file: string, problems: readonly ModelProblem[], options: { hint?: string; cause?: unknown } = {}) {
    super(formatProblems(file, problems), options);
    this.file = file;
    this.problems = problems;
  }
}

function formatProblems(file: string, problems: readonly ModelProblem[]): string {
  const lines = problems.map((problem) => {
    const where = [
      problem.instance === undefined ? undefined : `instance "${problem.instance}"`,
      problem.field === undefined ? undefined : `field "${problem.field}"`,
    ].filter(Boolean);
    return `${file}: ${[...where, problem.message].join(': ')}`;
  });
  return lines.length === 1 ? lines[0]! : `${problems.length} problems in the processes model:\n${lines.join('\n')}`;
}

/** The command line was used wrongly (unknown process manager, malformed option value, …). */
export class UsageError extends ProcformError {}

/**
 * A problem with one instance found while lowering or rendering it. That code does not know the
 * model's file; the build adds it by turning this into a ModelError.
 */
export class InstanceError extends ProcformError {
  readonly problem: ModelProblem;

  constructor(problem: ModelProblem & { instance: string }, options: { hint?: string; cause?: unknown } = {}) {
    super(`instance "${problem.instance}"${problem.field ? `: field "${problem.field}"` : ''}: ${problem.message}`, options);
    this.problem = problem;
  }
}

/**
 * The deployment's files cannot be read or written by this user (someone else's state folder, a
 * store entry readable only by its owner). The command line gives it an exit code of its own.
 */
export class PermissionDeniedError extends ProcformError {
  readonly path: string;

  constructor(path: string, action: string, options: { cause?: unknown } = {}) {
    super(`permission denied: cannot ${action} ${path}`, {
      ...options,
      hint: 'Run the command as the user who deployed (root for a privileged deployment), or point --state-dir at a deployment of your own.',
    });
    this.path = path;
  }
}

/**
 * A process manager procform only generates configuration for (none, launchd, bsdrc, cygrunsrv):
 * deploying with it is refused before anything changes, with an exit code of its own (69,
 * sysexits' EX_UNAVAILABLE), so that scripts can tell it from a failed deployment.
 */
export class CannotDeployError extends ProcformError {
  readonly processManager: string;

  constructor(processManager: string, hint: string | undefined) {
    super(`procform can build configuration for "${processManager}" but cannot deploy it`, { hint, processExitCode: 69 });
    this.processManager = processManager;
  }
}
