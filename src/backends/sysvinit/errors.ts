import { ProcformError } from '../../errors.ts';

/** An init script activity failed: names the instance and the command, and shows what it printed. */
export class InitScriptError extends ProcformError {
  readonly instance: string;
  readonly activity: string;
  readonly exitCode: number | null;

  constructor(options: { instance: string; script: string; activity: string; exitCode: number | null; output: string; logFile: string | null }) {
    const output = options.output.trim().split('\n').slice(-15).join('\n');
    super(
      `instance "${options.instance}": \`${options.script} ${options.activity}\` ${options.exitCode === null ? 'was killed' : `exited ${options.exitCode}`}${output ? `:\n${output}` : ''}`,
      { hint: `${options.logFile ? `Its output is in ${options.logFile}. ` : ''}Run the script by hand to see more: ${options.script} ${options.activity}` },
    );
    this.instance = options.instance;
    this.activity = options.activity;
    this.exitCode = options.exitCode;
  }
}
