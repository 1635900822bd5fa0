import { ProcformError } from '../../errors.ts';
import { lastLines } from '../../logs/last-lines.ts';

/** An init script activity failed: names the instance and the command, and shows what it printed and the end of its log. */
export class InitScriptError extends ProcformError {
  readonly instance: string;
  readonly activity: string;
  readonly exitCode: number | null;

  constructor(options: { instance: string; script: string; activity: string; exitCode: number | null; output: string; logFile: string | null }) {
    const output = options.output.trim().split('\n').slice(-15).join('\n');
    const logLines = options.logFile === null ? [] : lastLines(options.logFile, 5);
    const log = logLines.length === 0 ? '' : `\nlast lines of ${options.logFile}:\n${logLines.map((line) => `  ${line}`).join('\n')}`;
    super(
      `instance "${options.instance}": \`${options.script} ${options.activity}\` ${options.exitCode === null ? 'was killed' : `exited ${options.exitCode}`}${output ? `:\n${output}` : ''}${log}`,
      { hint: `${options.logFile ? `Its output is in ${options.logFile}. ` : ''}Run the script by hand to see more: ${options.script} ${options.activity}` },
    );
    this.instance = options.instance;
    this.activity = options.activity;
    this.exitCode = options.exitCode;
  }
}
