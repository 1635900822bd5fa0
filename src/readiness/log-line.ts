/**
 * Matches a regular expression against the lines of a stream that arrives in chunks. Chunks split
 * lines anywhere (even inside a UTF-8 character), so the unfinished tail is kept until its newline
 * comes; a tail longer than maxLineBytes is matched as it is, so one endless line cannot grow memory.
 */
export class LineMatcher {
  readonly pattern: RegExp;
  matched = false;
  private tail = '';
  private readonly maxLineBytes: number;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly listeners: (() => void)[] = [];

  constructor(pattern: string, maxLineBytes = 64 * 1024) {
    this.pattern = new RegExp(pattern);
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds output; returns true once a line has matched. */
  feed(chunk: Uint8Array): boolean {
    if (this.matched) return true;
    const lines = (this.tail + this.decoder.decode(chunk, { stream: true })).split('\n');
    this.tail = lines.pop() ?? '';
    if (this.tail.length > this.maxLineBytes) {
      lines.push(this.tail);
      this.tail = '';
    }
    if (lines.some((line) => this.pattern.test(line))) this.markMatched();
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
