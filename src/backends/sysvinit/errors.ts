import { InstanceFailedError, withLastLines } from '../../deploy/instance-failed.ts';

/** An init script activity failed: names the instance and the command, and shows what it printed and the end of its log. */
export class InitScriptError extends InstanceFailedError {
  declare readonly instance: string;
  readonly activity: string;
  readonly exitCode: number | null;

  constructor(options: { instance: string; script: string; activity: string; exitCode: number | null; output: string; logFile: string | null }) {
    const output = options.output.trim().split('\n').slice(-15).join('\n');
    const why = `\`${options.script} ${options.activity}\` ${options.exitCode === null ? 'was killed' : `exited ${options.exitCode}`}${output ? `:\n${output}` : ''}`;
    const reason = withLastLines(why, options.logFile);
    super(`instance "${options.instance}" failed: ${reason}`, options.instance, {
      reason,
      hint: `${options.logFile ? `Its output is in ${options.logFile}. ` : ''}Run the script by hand to see more: ${options.script} ${options.activity}`,
    });
    this.activity = options.activity;
    this.exitCode = options.exitCode;
  }
}
