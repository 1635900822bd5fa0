/**
 * Quotes a word for POSIX sh so that it reaches the program byte for byte. Words made only of
 * safe characters stay bare, which keeps generated scripts readable.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_/.:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
