// What a log line or a name may contain must not move a terminal's cursor, change its colours, or
// reach a page as anything but text.

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
