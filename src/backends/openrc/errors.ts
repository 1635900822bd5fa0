import { ProcformError } from '../../errors.ts';
import { lastLines } from '../../logs/last-lines.ts';

/** rc-service failed: names the instance and the command, with what OpenRC printed and the end of the log. */
export class RcServiceError extends ProcformError {
  readonly instance: string;

  constructor(options: { instance: string; name: string; command: string; exitCode: number | null; output: string; logFile: string | null }) {
    const output = options.output.trim().split('\n').slice(-15).join('\n');
    const logLines = options.logFile === null ? [] : lastLines(options.logFile, 5);
    const log = logLines.length === 0 ? '' : `\nlast lines of ${options.logFile}:\n${logLines.map((line) => `  ${line}`).join('\n')}`;
    const setup = options.exitCode === 125 ? ' (setting up its private OpenRC folders failed: unshare and mount must work for this user)' : '';
    super(
      `instance "${options.instance}": \`rc-service ${options.name} ${options.command}\` ${options.exitCode === null ? 'was killed' : `exited ${options.exitCode}`}${setup}${output ? `:\n${output}` : ''}${log}`,
      options.logFile === null ? {} : { hint: `Its output is in ${options.logFile}.` },
    );
    this.instance = options.instance;
  }
}
