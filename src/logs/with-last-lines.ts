import { lastLines } from './last-lines.ts';

/** A failure's reason with the last lines of its log: the program itself often says why. */
export function withLastLines(reason: string, logFile: string, count = 5): string {
  const lines = lastLines(logFile, count);
  return lines.length === 0 ? reason : `${reason}; last log lines:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}
