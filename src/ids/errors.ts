// Errors of ID resources and ID assignment. Like ModelError, each lists every problem found at once.
import { ProcformError } from '../errors.ts';

/** One thing wrong with an ID resources file, located by pool and field. */
export interface IdResourcesProblem {
  pool?: string;
  field?: string;
  message: string;
}

/** The ID resources file (idresources.ts or idresources.json) is missing, fails to load, or is malformed. */
export class IdResourcesError extends ProcformError {
  readonly file: string;
  readonly problems: readonly IdResourcesProblem[];

  constructor(file: string, problems: readonly IdResourcesProblem[], options: { hint?: string; cause?: unknown } = {}) {
    super(formatProblems(file, problems), options);
    this.file = file;
    this.problems = problems;
  }
}

/** One reason IDs could not be assigned: an unknown pool, or a pool without free IDs. */
export interface IdAssignmentProblem {
  pool: string;
  instance?: string;
  message: string;
}

/** IDs cannot be assigned: instances ask for pools that do not exist, or a pool is exhausted. */
export class IdAssignmentError extends ProcformError {
  readonly problems: readonly IdAssignmentProblem[];

  constructor(problems: readonly IdAssignmentProblem[], options: { hint?: string } = {}) {
    const lines = problems.map((problem) =>
      [problem.instance === undefined ? undefined : `instance "${problem.instance}"`, `pool "${problem.pool}"`, problem.message]
        .filter(Boolean)
        .join(': '),
    );
    super(lines.length === 1 ? lines[0]! : `${lines.length} problems assigning IDs:\n${lines.join('\n')}`, options);
    this.problems = problems;
  }
}

function formatProblems(file: string, problems: readonly IdResourcesProblem[]): string {
  const lines = problems.map((problem) => {
    const where = [
      problem.pool === undefined ? undefined : `pool "${problem.pool}"`,
      problem.field === undefined ? undefined : `field "${problem.field}"`,
    ].filter(Boolean);
    return `${file}: ${[...where, problem.message].join(': ')}`;
  });
  return lines.length === 1 ? lines[0]! : `${problems.length} problems in the ID resources:\n${lines.join('\n')}`;
}
