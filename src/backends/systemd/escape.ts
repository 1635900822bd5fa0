// systemd's own quoting. Unit files are not shell: systemd splits Exec*= lines into words itself
// (double quotes, C escapes), expands specifiers (%h, %n, …) everywhere when loading, and expands
// $VAR / ${VAR} in Exec*= words when starting. Each helper here undoes exactly the expansions its
// setting performs, so that what the model wrote reaches the process byte for byte.
// Written by hand: no library knows systemd's rules (systemd.service(5) "Command lines",
// systemd.unit(5) "Specifiers", systemd.exec(5) "Environment=").

// Words that need no quotes: no whitespace, quotes, backslashes, specifiers, variables or `;`.
const bareWord = /^[A-Za-z0-9_/.,:+@=-]+$/;

/** C-escapes what systemd's unquoting would otherwise read differently, inside double quotes. */
function cEscape(text: string): string {
  let escaped = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') escaped += '\\\\';
    else if (char === '"') escaped += '\\"';
    else if (char === '\n') escaped += '\\n';
    else if (char === '\t') escaped += '\\t';
    else if (char === '\r') escaped += '\\r';
    else if (code < 0x20 || code === 0x7f) escaped += `\\x${code.toString(16).padStart(2, '0')}`;
    else escaped += char;
  }
  return escaped;
}

/** `%` starts a specifier in every setting systemd expands them in; `%%` is a literal `%`. */
export function escapeSpecifiers(text: string): string {
  return text.replaceAll('%', '%%');
}

/**
 * One word of an Exec*= command line. Besides quoting, `$` becomes `$$`, because systemd expands
 * `$NAME` and `${NAME}` in every word when the command starts.
 */
export function execWord(word: string): string {
  if (bareWord.test(word)) return word;
  return `"${escapeSpecifiers(cEscape(word)).replaceAll('$', '$$$$')}"`;
}

/** A whole Exec*= value: the executable and its arguments, each reaching the process as given. */
export function execCommand(argv: readonly string[], prefix = ''): string {
  return `${prefix}${argv.map(execWord).join(' ')}`;
}

/**
 * One assignment of Environment=. Its words are unquoted and C-unescaped, and specifiers are
 * expanded, but `$` is not (variables are not expanded in Environment=), so `$` stays as it is.
 */
export function environmentAssignment(name: string, value: string): string {
  const assignment = `${name}=${value}`;
  if (bareWord.test(assignment)) return assignment;
  return `"${escapeSpecifiers(cEscape(assignment))}"`;
}

/**
 * The text of an EnvironmentFile=: one NAME="value" per variable. Inside double quotes systemd
 * follows POSIX shell rules (systemd.exec(5), "EnvironmentFile="): a backslash escapes only \\ " `
 * and $, a line break is part of the value, and no specifier or variable is expanded, so escaping
 * those four characters is all it takes for a value to arrive byte for byte.
 */
export function environmentFileText(variables: Readonly<Record<string, string>>): string {
  return Object.entries(variables)
    .map(([name, value]) => `${name}="${value.replace(/[\\"`$]/g, (char) => `\\${char}`)}"\n`)
    .join('');
}
