import { closeSync, fstatSync, mkdirSync, open, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname } from 'node:path';
import { LOG_FILE_MODE } from '../logs/log-file-mode.ts';

export interface LogWriterOptions {
  timestamps: boolean;
  rotate: { maxBytes: number; keep: number } | null;
  maxLineBytes: number;
}

/** What the writer does with timestamps, for --explain. */
export const LOG_TIMESTAMPS = 'ISO 8601 prefix per line, at capture';

/** What the writer does with rotation, for --explain. */
export function describeLogRotation(rotate: { maxBytes: number; keep: number }): string {
  return `at ${rotate.maxBytes} bytes, between lines, keeping ${rotate.keep}`;
}

/** Lines longer than this are cut (builtin, procform-daemonize): a reader never stalls on one line. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024;

/** Starts the pieces of a cut line after the first, so a reader sees where a long line continues. */
const continuationBytes = Buffer.from('↪ ');
const newline = Buffer.from('\n');
const minLineBytes = 64;

export interface OpenedLogFile {
  fd: number;
  size: number;
}

/**
 * Opens a log file for a LogWriter in Node's thread pool. Creating a file costs about 0.7 ms on an
 * ext4 disk: a supervisor starting 100 instances opens their logs this way, ahead of the spawns,
 * instead of between them on its only thread.
 */
export async function openLogFile(file: string): Promise<OpenedLogFile> {
  // Only the open goes to the pool, as one task: files opened at once are ready in the order asked
  // for (each further await would queue behind every other file's open). The folder exists
  // already but for the first file (a cheap call), and fstat is cheap.
  mkdirSync(dirname(file), { recursive: true });
  // A plain descriptor, not a FileHandle (which Node closes when it is garbage collected): the
  // writer writes through it synchronously, and closes it.
  const fd = await promisify(open)(file, 'a', LOG_FILE_MODE);
  try {
    return { fd, size: fstatSync(fd).size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * One scratch buffer for every writer (writes are synchronous, so no two use it at once): room for
 * a chunk with a timestamp on each of its lines, up to 1 MiB; a writer with more flushes it as it goes.
 */
let scratch = Buffer.alloc(0);
function scratchOf(chunkBytes: number): Buffer {
  const wanted = Math.min(1024 * 1024, Math.max(64 * 1024, chunkBytes * 2));
  if (scratch.length < wanted) scratch = Buffer.allocUnsafe(wanted);
  return scratch;
}

/** The bytes of the UTF-8 character that starts with `lead` (1 for anything that does not start one). */
function utf8Width(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Where the multi-byte character that `chunk` ends inside starts (not before `from`), or -1 when it ends between characters. */
function unfinishedCharacter(chunk: Buffer, from: number): number {
  let lead = chunk.length - 1;
  while (lead > from && lead > chunk.length - 4 && (chunk[lead]! & 0xc0) === 0x80) lead -= 1;
  return lead >= from && lead + utf8Width(chunk[lead]!) > chunk.length ? lead : -1;
}

/**
 * One instance's log file. Writes are synchronous to the page cache: a chunk is on file before the
 * next one is read from the child's pipe, so nothing is buffered in memory, lost when the
 * supervisor dies, or reordered, and a child waits only when the disk itself cannot keep up.
 *
 * Lines are the unit: timestamps go at line starts; rotation happens only between lines (so a line
 * is never split across files); a line longer than maxLineBytes is cut into pieces, each piece after
 * the first starting with "↪ ", so that every line on file is bounded and readers never stall on one.
 * Cuts fall between UTF-8 characters, also where a character is split between two reads.
 */
export class LogWriter {
  readonly file: string;
  private readonly options: LogWriterOptions;
  private fd: number;
  private size: number;
  private lineBytes = 0;
  private atLineStart = true;
  private continuation = false;
  private lastStampMs = -1;
  private lastStamp = Buffer.alloc(0);
  private lostBytes = 0;
  private lastError = '';
  private users = 0;

  /** Opens (creates) `file`, or takes the file `openLogFile` opened. */
  constructor(file: string, options: LogWriterOptions, opened?: OpenedLogFile) {
    this.file = file;
    this.options = { ...options, maxLineBytes: Math.max(minLineBytes, options.maxLineBytes) };
    if (opened) {
      ({ fd: this.fd, size: this.size } = opened);
      return;
    }
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'a', LOG_FILE_MODE);
    this.size = fstatSync(this.fd).size;
  }

  /** Appends output of the process (any chunking: lines may span chunks). */
  write(data: Buffer): void {
    if (this.writeWhole(data)) return;
    const chunk = this.options.timestamps && this.atLineStart && !this.continuation ? this.writeStampedLines(data) : data;
    if (chunk.length === 0) return;
    const { timestamps, rotate, maxLineBytes } = this.options;
    // What goes on file is copied into one scratch buffer and written when it is full or the chunk
    // is done: no object per line (a timestamp per 100-byte line made millions of them).
    const out = scratchOf(chunk.length);
    let pending = 0;
    const push = (buffer: Buffer, start = 0, end = buffer.length) => {
      const length = end - start;
      if (length <= 0) return;
      if (pending + length > out.length) {
        this.flush(out, pending);
        pending = 0;
      }
      if (length > out.length) this.flush(buffer.subarray(start, end), length);
      else pending += buffer.copy(out, pending, start, end);
    };
    let runStart = 0;
    let i = 0;
    while (i < chunk.length) {
      if (this.atLineStart) {
        push(chunk, runStart, i);
        runStart = i;
        if (rotate && this.size + pending >= rotate.maxBytes) {
          this.flush(out, pending);
          pending = 0;
          this.rotate(rotate.keep);
        }
        if (timestamps) push(this.stamp());
        this.lineBytes = 0;
        if (this.continuation) {
          push(continuationBytes);
          this.lineBytes = continuationBytes.length;
          this.continuation = false;
        }
        this.atLineStart = false;
      }
      const nl = chunk.indexOf(10, i);
      const contentEnd = nl === -1 ? chunk.length : nl;
      const room = maxLineBytes - this.lineBytes;
      let cut = -1;
      if (contentEnd - i > room) {
        // Cut before a UTF-8 continuation byte, so that no character is split between two lines.
        cut = i + room;
        while (cut > i && cut > i + room - 4 && (chunk[cut]! & 0xc0) === 0x80) cut -= 1;
      } else if (nl === -1 && contentEnd - i > room - 3) {
        // The chunk ends inside the line, within 3 bytes of the limit: when it ends inside a
        // character whose rest will not fit, the line is cut before that character now (the next
        // chunk cannot back off into bytes already on file).
        const lead = unfinishedCharacter(chunk, i);
        if (lead !== -1 && lead - i + utf8Width(chunk[lead]!) > room) cut = lead;
      }
      if (cut !== -1) {
        push(chunk, runStart, cut);
        push(newline);
        runStart = cut;
        i = cut;
        this.atLineStart = true;
        this.continuation = true;
        continue;
      }
      this.lineBytes += contentEnd - i;
      if (nl === -1) break;
      this.atLineStart = true;
      i = nl + 1;
    }
    push(chunk, runStart);
    this.flush(out, pending);
  }

  /**
   * Timestamps asked: the chunk's whole lines, each after the time the chunk was read, copied
   * straight into the scratch buffer. Stops at the first line that is too long, at a rotation due,
   * or at the unfinished last line, and returns the rest for the general path (which takes any case).
   */
  private writeStampedLines(chunk: Buffer): Buffer {
    const { rotate, maxLineBytes } = this.options;
    const stamp = this.stamp();
    const out = scratchOf(chunk.length);
    // Plain Uint8Array methods: V8's own builtins, fast even without the optimizing compiler (the
    // supervisor runs with --no-opt), where Buffer's copy and indexOf are JavaScript run by the interpreter.
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    let pending = 0;
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(10, start);
      if (nl === -1 || nl - start > maxLineBytes || (rotate && this.size + pending >= rotate.maxBytes)) break;
      const length = stamp.length + nl + 1 - start;
      if (pending + length > out.length) {
        this.flush(out, pending);
        pending = 0;
        if (length > out.length) break;
      }
      out.set(stamp, pending);
      out.set(bytes.subarray(start, nl + 1), pending + stamp.length);
      pending += length;
      start = nl + 1;
    }
    this.flush(out, pending);
    return chunk.subarray(start);
  }

  /**
   * The common case, without looking at every line: no timestamps to insert, no rotation due within
   * the chunk, and no line too long. Line lengths are checked by jumping: from each line start, the
   * next newline must come within maxLineBytes, so a 64 KiB chunk costs a few searches, not one per line.
   */
  private writeWhole(chunk: Buffer): boolean {
    if (chunk.length === 0) return true;
    const { timestamps, rotate, maxLineBytes } = this.options;
    if (timestamps || this.continuation || (rotate && this.size + chunk.length >= rotate.maxBytes)) return false;
    const lineBytes = this.atLineStart ? 0 : this.lineBytes;
    let start = 0;
    let room = maxLineBytes - lineBytes;
    while (chunk.length - start > room) {
      const newline = chunk.lastIndexOf(10, start + room);
      if (newline < start) return false;
      start = newline + 1;
      room = maxLineBytes;
    }
    const last = chunk.lastIndexOf(10);
    const tail = last === -1 ? lineBytes + chunk.length : chunk.length - last - 1;
    // A line that ends the chunk within 3 bytes of the limit may end inside a character that will
    // not fit: the general path looks.
    if (tail > maxLineBytes - 3) return false;
    this.lineBytes = tail;
    this.atLineStart = last === chunk.length - 1;
    this.flush(chunk, chunk.length);
    return true;
  }

  /**
   * Appends one whole line, given without its newline. Its length is known before it is written, so
   * the file is rotated first when the line would take it past maxBytes: files stay within the limit
   * (a stream written with `write` may pass it by one line).
   */
  writeLine(line: Buffer): void {
    const { rotate, timestamps } = this.options;
    const length = (timestamps ? this.stamp().length : 0) + line.length + 1;
    if (rotate && this.atLineStart && this.size > 0 && this.size + length > rotate.maxBytes) this.rotate(rotate.keep);
    this.write(Buffer.concat([line, newline]));
  }

  /** Counts a user (the instance, or a run whose pipe is open): the file closes when the last one releases it. */
  retain(): this {
    this.users += 1;
    return this;
  }

  release(): void {
    this.users -= 1;
    if (this.users <= 0) this.close();
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
  }

  /** Writes the first `length` bytes of `buffer`. */
  private flush(buffer: Buffer, length: number): void {
    if (length === 0) return;
    const data = length === buffer.length ? buffer : buffer.subarray(0, length);
    try {
      if (this.lostBytes > 0) this.writeAll(Buffer.from(`[procform] ${this.lostBytes} bytes of output lost: ${this.lastError}\n`));
      this.lostBytes = 0;
      this.writeAll(data);
    } catch (error) {
      // A full disk must not take the supervisor down; the loss is reported once writing works again.
      this.lostBytes += data.length;
      this.lastError = (error as Error).message;
    }
  }

  private writeAll(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) offset += writeSync(this.fd, data, offset);
    this.size += data.length;
  }

  /** file → file.1 → … → file.keep; the oldest falls off. */
  private rotate(keep: number): void {
    closeSync(this.fd);
    for (let index = keep - 1; index >= 1; index -= 1) {
      try {
        renameSync(`${this.file}.${index}`, `${this.file}.${index + 1}`);
      } catch {
        // A gap in the sequence: nothing to move.
      }
    }
    if (keep >= 1) renameSync(this.file, `${this.file}.1`);
    else rmSync(this.file, { force: true });
    this.fd = openSync(this.file, 'a', LOG_FILE_MODE);
    this.size = 0;
  }

  private stamp(): Buffer {
    const now = Date.now();
    if (now !== this.lastStampMs) {
      this.lastStampMs = now;
      this.lastStamp = Buffer.from(`${new Date(now).toISOString()} `);
    }
    return this.lastStamp;
  }
}
