// How a program's last run ended, from supervisord's own log. Its XML-RPC `exitstatus` is -1 for
// every program killed by a signal (decode_wait_status keeps the signal only in the message it
// logs), and a program in BACKOFF or FATAL is described only as "Exited too quickly": the log line
// "exited: NAME (terminated by SIGKILL; not expected)" or "exited: NAME (exit status 3; …)" says it.
import { lastLines } from '../../logs/last-lines.ts';

/** How far back the log is searched: supervisord logs a few lines per program event. */
const searchedLines = 500;

export type LoggedExit = { code: number; signal: null } | { code: null; signal: string };

/**
 * How a program's last run ended according to supervisord's log, or null when the log does not
 * say. A program in a group is logged as GROUP:NAME; procform's groups hold one program of the same name.
 */
export function exitFromSupervisordLog(supervisordLog: string, name: string): LoggedExit | null {
  let lines: string[];
  try {
    lines = lastLines(supervisordLog, searchedLines);
  } catch {
    return null;
  }
  const exited = new RegExp(`\\bexited: (?:${escape(name)}:)?${escape(name)} \\((.*)\\)\\s*$`);
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const match = exited.exec(lines[index]!);
    if (!match) continue;
    const signal = /^terminated by (SIG[A-Z0-9]+)/.exec(match[1]!)?.[1];
    if (signal) return { code: null, signal };
    const code = /^exit status (\d+)/.exec(match[1]!)?.[1];
    return code === undefined ? null : { code: Number(code), signal: null };
  }
  return null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
