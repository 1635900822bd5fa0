// Windows' CommandLineToArgvW for the arguments after the program name, reimplemented to check
// procform's quoting (no Windows here), following Microsoft's "Parsing C++ command-line arguments"
// (the rules since 2008): whitespace (space, tab) separates arguments outside quotes; a double
// quote starts or ends a quoted part; inside quotes, "" is a literal quote; 2n backslashes before a
// quote give n backslashes and the quote acts, 2n+1 give n and a literal quote; backslashes
// elsewhere are literal. The test checks this parser against the documentation's examples first.
export function commandLineToArgv(line: string): string[] {
  const args: string[] = [];
  let index = 0;
  for (;;) {
    while (line[index] === ' ' || line[index] === '\t') index += 1;
    if (index >= line.length) return args;
    let current = '';
    let quoted = false;
    while (index < line.length) {
      const character = line[index]!;
      if (!quoted && (character === ' ' || character === '\t')) break;
      if (character === '\\') {
        let count = 0;
        while (line[index] === '\\') {
          count += 1;
          index += 1;
        }
        if (line[index] === '"') {
          current += '\\'.repeat(Math.floor(count / 2));
          if (count % 2 === 1) {
            current += '"';
            index += 1;
          }
        } else {
          current += '\\'.repeat(count);
        }
      } else if (character === '"') {
        if (quoted && line[index + 1] === '"') {
          current += '"';
          index += 2;
        } else {
          quoted = !quoted;
          index += 1;
        }
      } else {
        current += character;
        index += 1;
      }
    }
    args.push(current);
  }
}
