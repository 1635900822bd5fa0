// Terminal text: what a log line or a name may contain must not move the cursor or change colours.

// Matching control characters is the point here.
/* eslint-disable no-control-regex */
const controlSequence = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const stringSequence = /\x1b[\]P^_][^\x07\x1b]*(\x07|\x1b\\)?/g;
const controlCharacter = /[\x00-\x1f\x7f-\x9f]/g;
/* eslint-enable no-control-regex */

/** The text with escape sequences and control characters removed, tabs as spaces: safe to print at a position. */
export function printable(text: string): string {
  return text.replace(controlSequence, '').replace(stringSequence, '').replace(/\t/g, '    ').replace(controlCharacter, '');
}

/** At most `width` characters (code points): cut with … when longer, padded with spaces to `width` when `pad`. */
export function fit(text: string, width: number, pad = false): string {
  if (width <= 0) return '';
  const characters = [...text];
  const cut = characters.length > width ? `${characters.slice(0, width - 1).join('')}…` : text;
  return pad ? cut + ' '.repeat(Math.max(0, width - Math.min(characters.length, width))) : cut;
}
