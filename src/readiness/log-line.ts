import { LineSplitter } from '../runtime/line-splitter.ts';

/**
 * Matches a regular expression against the lines of a stream that arrives in chunks. Chunks split
 * lines anywhere (even inside a UTF-8 character): the shared runtime's line splitter keeps the
 * unfinished tail until its newline comes, and passes a tail longer than maxLineBytes on as it is,
 * so one endless line cannot grow memory.
 */
export class LineMatcher {
  readonly pattern: RegExp;
  matched = false;
  private readonly splitter: LineSplitter;
  private readonly listeners: (() => void)[] = [];

  constructor(pattern: string, maxLineBytes = 64 * 1024) {
    this.pattern = new RegExp(pattern);
    this.splitter = new LineSplitter((line) => {
      if (!this.matched && this.pattern.test(line.toString('utf8'))) this.markMatched();
    }, maxLineBytes);
  }

  /** Feeds output; returns true once a line has matched. */
  feed(chunk: Uint8Array): boolean {
    if (!this.matched) this.splitter.push(chunk);
    return this.matched;
  }

  /** Calls `listener` once a line matches (at once if one already has). */
  onMatch(listener: () => void): void {
    if (this.matched) listener();
    else this.listeners.push(listener);
  }

  private markMatched(): void {
    this.matched = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
}
