// The one line splitter of the shared runtime: output arrives in chunks that split lines anywhere;
// whoever works line by line (procform-daemonize's log, timestamp-lines, `log` readiness checks)
// gets whole lines from here, with a bounded buffer.

/**
 * Above this, a line without its newline is passed on in pieces, cut between UTF-8 characters:
 * output without newlines cannot grow memory.
 */
export const MAX_BUFFERED_LINE_BYTES = 64 * 1024;

/** Cuts a byte stream into lines (without their newline); a line without its newline waits for the next chunk, or `end`. */
export class LineSplitter {
  readonly #onLine: (line: Buffer) => void;
  readonly #maxLineBytes: number;
  #pending: Buffer = Buffer.alloc(0);

  constructor(onLine: (line: Buffer) => void, maxLineBytes = MAX_BUFFERED_LINE_BYTES) {
    this.#onLine = onLine;
    this.#maxLineBytes = Math.max(1, maxLineBytes);
  }

  push(chunk: Buffer | Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let data = this.#pending.length === 0 ? bytes : Buffer.concat([this.#pending, bytes]);
    for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10)) {
      this.#onLine(data.subarray(0, newline));
      data = data.subarray(newline + 1);
    }
    while (data.length > this.#maxLineBytes) {
      // Cut before a UTF-8 continuation byte (at most 3 back), so that no character is split between
      // two pieces (a tail of maxLineBytes waits: its last character may be unfinished).
      let cut = this.#maxLineBytes;
      while (cut > 1 && cut > this.#maxLineBytes - 3 && (data[cut]! & 0xc0) === 0x80) cut -= 1;
      if ((data[cut]! & 0xc0) === 0x80) cut = this.#maxLineBytes;
      this.#onLine(data.subarray(0, cut));
      data = data.subarray(cut);
    }
    // A copy: the chunk's memory may be reused by the stream.
    this.#pending = Buffer.from(data);
  }

  /** The stream ended: a last line without its newline is a line too. */
  end(): void {
    if (this.#pending.length > 0) this.#onLine(this.#pending);
    this.#pending = Buffer.alloc(0);
  }
}
