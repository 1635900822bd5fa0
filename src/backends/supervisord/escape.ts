// Writing values into supervisord's configuration so that they reach the process unchanged.
// A value passes three parsers, each with its own rules:
//   1. Python's configparser (as supervisord sets it up): one value per line (a line break starts
//      a continuation or a new key), leading and trailing whitespace stripped, and `;` or `#` after
//      whitespace starts a comment, even inside quotes.
//   2. supervisord's %-expansion (`%(here)s`, `%(ENV_X)s`): a literal % is written %%.
//   3. For `command`, shlex in POSIX mode; for `environment`, shlex in non-POSIX mode, where quotes
//      cannot be escaped and surrounding quote characters are stripped from every value.
// Each function returns null for what its key cannot carry; callers route that through a wrapper
// script or report it, never drop it.

// Python's str.isspace(): what configparser strips and what makes `;` or `#` a comment.
const pythonSpace = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const lineBreak = /[\r\n]/;
const commentAfterSpace = new RegExp(`[${pythonSpace}][;#]`);
const edgeSpace = new RegExp(`^[${pythonSpace}]|[${pythonSpace}]$`);

/** supervisord expands %(name)s in every value, as Python's % operator does. */
export function escapePercent(text: string): string {
  return text.replaceAll('%', '%%');
}

/** A plain value (a path, a user name), or null when configparser would change it. */
export function iniValue(text: string): string | null {
  if (lineBreak.test(text) || commentAfterSpace.test(text) || edgeSpace.test(text)) return null;
  return escapePercent(text);
}

// Words that shlex and configparser both leave alone, written bare to keep the line readable.
const bareWord = /^[A-Za-z0-9_/.:=@%+,-]+$/;

/**
 * One argument for `command=`, or null if it holds a line break (which configparser cannot keep in
 * a value byte for byte). Quoting is shell-like: single quotes, and outside them a backslash before
 * `'`, `;` and `#`, so that no `;` or `#` ever follows whitespace on the line.
 */
export function commandArg(arg: string): string | null {
  if (lineBreak.test(arg)) return null;
  if (bareWord.test(arg)) return escapePercent(arg);
  if (arg === '') return "''";
  return escapePercent(arg.replace(/[^';#]+|[';#]/g, (part) => (part.length === 1 && `';#`.includes(part) ? `\\${part}` : `'${part}'`)));
}

/** The whole `command=` value, or null if some argument cannot sit on the line. */
export function commandLine(argv: readonly string[]): string | null {
  const words = argv.map(commandArg);
  return words.some((word) => word === null) ? null : words.join(' ');
}

/**
 * A value for `environment=`, quoted, or null when supervisord's parser cannot carry it: a line
 * break, both kinds of quotes, a quote at either end (stripped), or whitespace before `;` or `#`
 * (a comment; non-POSIX shlex has no escapes to avoid it).
 */
export function environmentValue(value: string): string | null {
  if (lineBreak.test(value) || commentAfterSpace.test(value) || /^['"]|['"]$/.test(value)) return null;
  const quote = !value.includes('"') ? '"' : !value.includes("'") ? "'" : null;
  return quote === null ? null : `${quote}${escapePercent(value)}${quote}`;
}

/** `KEY="value",KEY2="value2"`, or the names whose values cannot be carried. */
export function environmentLine(environment: Readonly<Record<string, string>>): { line: string } | { uncarried: string[] } {
  const pairs: string[] = [];
  const uncarried: string[] = [];
  for (const [name, value] of Object.entries(environment)) {
    const quoted = environmentValue(value);
    if (quoted === null || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) uncarried.push(name);
    else pairs.push(`${name}=${quoted}`);
  }
  return uncarried.length > 0 ? { uncarried } : { line: pairs.join(',') };
}
