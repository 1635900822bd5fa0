// supervisord's XML-RPC `exitstatus` is -1 for every program killed by a signal (its
// decode_wait_status keeps the signal only in the message it logs), so the signal is read back from
// supervisord's own log: "exited: NAME (terminated by SIGKILL; not expected)".
import { lastLines } from '../../logs/last-lines.ts';

/** How far back the log is searched: supervisord logs a few lines per program event. */
const searchedLines = 500;

/**
 * The signal that ended a program's last run according to supervisord's log, or null when the log
 * says it exited with a status (or does not mention it). A program in a group is logged as
 * GROUP:NAME; procform's groups hold one program of the same name.
 */
export function signalFromSupervisordLog(supervisordLog: string, name: string): string | null {
  let lines: string[];
  try {
    lines = lastLines(supervisordLog, searchedLines);
  } catch {
    return null;
  }
  const exited = new RegExp(`\\bexited: (?:${escape(name)}:)?${escape(name)} \\((.*)\\)\\s*$`);
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const match = exited.exec(lines[index]!);
    if (match) return /^terminated by (SIG[A-Z0-9]+)/.exec(match[1]!)?.[1] ?? null;
  }
  return null;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
