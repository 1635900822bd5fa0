/**
 * Quotes an argument so that Windows' command-line parsing (CommandLineToArgvW, and the Microsoft C
 * runtime's argv) gives it back unchanged: bare when it has no space, tab, newline, vertical tab or
 * quote (and is not empty); else in double quotes, with each quote preceded by a backslash and the
 * backslashes before a quote, or before the closing quote, doubled. Written by hand: no library
 * does this one thing.
 */
export function windowsQuote(arg: string): string {
  if (arg !== '' && !/[ \t\n\v"]/.test(arg)) return arg;
  let quoted = '"';
  let backslashes = 0;
  for (const character of arg) {
    if (character === '\\') {
      backslashes += 1;
      continue;
    }
    // Backslashes before a quote escape; elsewhere they are literal.
    quoted += character === '"' ? `${'\\'.repeat(backslashes * 2 + 1)}"` : `${'\\'.repeat(backslashes)}${character}`;
    backslashes = 0;
  }
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}

/** The arguments as one Windows command line (what cygrunsrv's --args takes). */
export function windowsCommandLine(args: readonly string[]): string {
  return args.map(windowsQuote).join(' ');
}
