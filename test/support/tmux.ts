// A real terminal for tests of full-screen commands (procform top): a tmux server of the test's own
// (-L, a unique socket name), a window of a fixed size running the command, keys sent as typed, and
// the screen read back as the user sees it. The server is killed after the test.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { onTestFinished } from 'vitest';
import { eventually } from './eventually.ts';

export interface Terminal {
  /** The screen as text, one line per row (trailing spaces cut). */
  screen(): string;
  /** The screen with its colours and attributes as escape sequences. */
  screenWithEscapes(): string;
  /** Keys as tmux names them: 'j', 'Up', 'C-c', 'Escape'. */
  press(...keys: string[]): void;
  resize(columns: number, rows: number): void;
  /** A pane property by tmux's format name (alternate_on, cursor_flag). */
  property(name: string): string;
  /** Waits until the screen satisfies `check`, and returns the screen; fails naming `what` with the screen seen last. */
  waitFor(what: string, check: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Everything the command wrote to the terminal, escape sequences included, since it started. */
  written(): string;
}

/** Runs `command` (a shell command line) in a new tmux window of `columns` × `rows`. */
export function openTerminal(command: string, size: { columns: number; rows: number }, outputFile: string): Terminal {
  const socket = `procform-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  // The command waits for the pipe that records its output, so that its first bytes are recorded
  // too; afterwards the window stays open (a pane that ends while piped shows nothing of its screen).
  const go = `${outputFile}.go`;
  tmux('new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), `while [ ! -e '${go}' ]; do sleep 0.05; done; ${command}; exec sleep 3600`);
  const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
  onTestFinished(() => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
    rmSync(socketPath, { force: true });
  });
  tmux('pipe-pane', '-o', `cat >> '${outputFile}'`);
  writeFileSync(go, '');
  const screen = () => tmux('capture-pane', '-p').replace(/\s+$/, '');
  return {
    screen,
    screenWithEscapes: () => tmux('capture-pane', '-p', '-e'),
    press: (...keys) => void tmux('send-keys', ...keys),
    resize: (columns, rows) => void tmux('resize-window', '-x', String(columns), '-y', String(rows)),
    property: (name) => tmux('display-message', '-p', `#{${name}}`).trim(),
    async waitFor(what, check, timeoutMs = 20_000) {
      let last = '';
      try {
        return await eventually(() => {
          last = screen();
          return check(last) ? last : false;
        }, timeoutMs, what);
      } catch (error) {
        throw new Error(`${(error as Error).message}; the screen:\n${last}\nwritten last: ${JSON.stringify(existsSync(outputFile) ? readFileSync(outputFile, 'utf8').slice(-600) : '')}`, { cause: error });
      }
    },
    written: () => (existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : ''),
  };
}
