// The terminal as `procform top` uses it: the alternate screen (the shell's screen comes back
// untouched on exit), no cursor, and frames written as the lines that changed, each at its row, so
// nothing is cleared between frames and nothing flickers, over SSH too. Plain ANSI (VT100/xterm)
// sequences only, no terminfo.

const enterSequence = '\x1b[?1049h\x1b[?25l';
const leaveSequence = '\x1b[0m\x1b[?25h\x1b[?1049l';

export interface Screen {
  /** Writes the lines that differ from the previous frame. */
  draw(lines: readonly string[]): void;
  /** The next frame is written whole, on a cleared screen (after a resize, the terminal may have moved text). */
  invalidate(): void;
  /** Back to the shell's screen, cursor shown. Safe to call twice. */
  leave(): void;
}

export function enterScreen(output: NodeJS.WriteStream): Screen {
  let previous: readonly string[] | null = null;
  let left = false;
  output.write(enterSequence);
  return {
    draw(lines) {
      let text = previous === null ? '\x1b[H\x1b[2J' : '';
      lines.forEach((line, row) => {
        if (previous !== null && previous[row] === line) return;
        text += `\x1b[${row + 1};1H\x1b[0m${line}\x1b[0m\x1b[K`;
      });
      previous = lines;
      if (text !== '') output.write(text);
    },
    invalidate() {
      previous = null;
    },
    leave() {
      if (left) return;
      left = true;
      output.write(leaveSequence);
    },
  };
}
