/** The keys `procform top` acts on. */
export type Key = 'up' | 'down' | 'home' | 'end' | 'page-up' | 'page-down' | 'escape' | 'interrupt' | 'enter' | { char: string };

const sequences: [string, Key][] = [
  ['\x1b[A', 'up'],
  ['\x1bOA', 'up'],
  ['\x1b[B', 'down'],
  ['\x1bOB', 'down'],
  ['\x1b[H', 'home'],
  ['\x1bOH', 'home'],
  ['\x1b[1~', 'home'],
  ['\x1b[F', 'end'],
  ['\x1bOF', 'end'],
  ['\x1b[4~', 'end'],
  ['\x1b[5~', 'page-up'],
  ['\x1b[6~', 'page-down'],
  ['\x03', 'interrupt'],
  ['\r', 'enter'],
  ['\n', 'enter'],
];

/**
 * The keys in what the terminal sent in raw mode: several may come in one chunk (keys typed fast,
 * or pasted). Sequences not listed here (function keys, mouse reports) are skipped whole.
 */
export function parseKeys(input: string): Key[] {
  const keys: Key[] = [];
  let rest = input;
  while (rest.length > 0) {
    const known = sequences.find(([sequence]) => rest.startsWith(sequence));
    if (known) {
      keys.push(known[1]);
      rest = rest.slice(known[0].length);
      continue;
    }
    // eslint-disable-next-line no-control-regex
    const unknown = /^\x1b(\[[0-?]*[ -/]*[@-~]|O.)/.exec(rest);
    if (unknown) {
      rest = rest.slice(unknown[0].length);
      continue;
    }
    const [character] = [...rest] as [string];
    keys.push(character === '\x1b' ? 'escape' : { char: character });
    rest = rest.slice(character.length);
  }
  return keys;
}
