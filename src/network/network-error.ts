import { ProcformError } from '../errors.ts';

/** One thing wrong with a network model, located by file, service or machine, and field. */
export interface NetworkProblem {
  file: string;
  /** `service "db"`, `machine "test1"`. */
  subject?: { kind: 'service' | 'machine'; name: string };
  field?: string;
  message: string;
}

/** The services, infrastructure or distribution model is wrong: every problem found, nothing deployed. */
export class NetworkModelError extends ProcformError {
  readonly problems: readonly NetworkProblem[];

  constructor(problems: readonly NetworkProblem[], options: { hint?: string; cause?: unknown } = {}) {
    super(formatProblems(problems), options);
    this.problems = problems;
  }
}

function formatProblems(problems: readonly NetworkProblem[]): string {
  const lines = problems.map((problem) => {
    const where = [
      problem.subject && `${problem.subject.kind} "${problem.subject.name}"`,
      problem.field !== undefined && `field "${problem.field}"`,
    ].filter(Boolean);
    return `${problem.file}: ${[...where, problem.message].join(': ')}`;
  });
  return lines.length === 1 ? lines[0]! : `${problems.length} problems in the network models:\n${lines.join('\n')}`;
}
