/**
 * Splits a command line into words as docker compose splits a `command:` written as a string
 * (quotes group, a backslash escapes, no shell runs). Written by hand: a dozen lines, where a
 * library would bring a whole shell parser. Throws for an unclosed quote.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index]!;
    if (quote === "'") {
      if (character === "'") quote = null;
      else word += character;
    } else if (character === '\\' && index + 1 < line.length && (quote === null || '"\\$`'.includes(line[index + 1]!))) {
      word = (word ?? '') + line[++index];
    } else if (quote === '"') {
      if (character === '"') quote = null;
      else word += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      word ??= '';
    } else if (/\s/.test(character)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + character;
    }
  }
  if (quote !== null) throw new Error(`the quote ${quote} is not closed`);
  if (word !== null) words.push(word);
  return words;
}
