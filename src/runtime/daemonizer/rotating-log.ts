// procform-daemonize's log file: whole lines from the program's stdout and stderr, optionally
// timestamped, rotated by size (name.log → name.log.1 → … name.log.KEEP). Writes are synchronous:
// the supervisor does nothing else, and a line is on disk before the next is read.
import { closeSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';
import type { LogSpec } from '../../model/types.ts';
import { LOG_FILE_MODE } from '../../logs/log-file-mode.ts';

export class RotatingLog {
  readonly #path: string;
  readonly #spec: LogSpec;
  #fd: number;
  #size: number;

  constructor(path: string, spec: LogSpec) {
    this.#path = path;
    this.#spec = spec;
    this.#fd = openSync(path, 'a', LOG_FILE_MODE);
    this.#size = fstatSync(this.#fd).size;
  }

  /** Appends one line (given without its newline). */
  writeLine(line: Buffer): void {
    const prefix = this.#spec.timestamps ? `${new Date().toISOString()} ` : '';
    const data = Buffer.concat([Buffer.from(prefix), line, Buffer.from('\n')]);
    const rotate = this.#spec.rotate;
    if (rotate !== null && this.#size > 0 && this.#size + data.length > rotate.maxBytes) this.#rotate(rotate.keep);
    writeSync(this.#fd, data);
    this.#size += data.length;
  }

  close(): void {
    closeSync(this.#fd);
  }

  #rotate(keep: number): void {
    closeSync(this.#fd);
    for (let index = keep - 1; index >= 1; index -= 1) renameIfExists(`${this.#path}.${index}`, `${this.#path}.${index + 1}`);
    // keep 0: no old files, the log starts over.
    if (keep > 0) renameIfExists(this.#path, `${this.#path}.1`);
    this.#fd = openSync(this.#path, keep > 0 ? 'a' : 'w', LOG_FILE_MODE);
    this.#size = 0;
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Cuts a byte stream into lines; a line without its newline waits for the next chunk (or end). */
export class LineSplitter {
  readonly #onLine: (line: Buffer) => void;
  #pending: Buffer = Buffer.alloc(0);
  /** A line longer than this is cut, so that output without newlines still reaches the log. */
  static readonly maxLine = 64 * 1024;

  constructor(onLine: (line: Buffer) => void) {
    this.#onLine = onLine;
  }

  push(chunk: Buffer): void {
    let data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10)) {
      this.#onLine(data.subarray(0, newline));
      data = data.subarray(newline + 1);
    }
    while (data.length >= LineSplitter.maxLine) {
      this.#onLine(data.subarray(0, LineSplitter.maxLine));
      data = data.subarray(LineSplitter.maxLine);
    }
    this.#pending = Buffer.from(data);
  }

  end(): void {
    if (this.#pending.length > 0) this.#onLine(this.#pending);
    this.#pending = Buffer.alloc(0);
  }
}
