import { Socket } from 'node:net';
import type { Readable } from 'node:stream';

/** Bigger than Node's 64 KiB stream reads: a supervisor that fell behind catches up in fewer reads. */
const readBytes = 256 * 1024;
let shared: Buffer | null = null;

/**
 * Reads a child's output pipe into one buffer shared by every child, and hands each read to
 * `onChunk`, which must be done with it when it returns (the log writer writes it synchronously; the
 * line splitter copies the unfinished line it keeps).
 *
 * Why: a Node stream allocates a fresh 64 KiB buffer for every read, freed only when the garbage
 * collector runs. The supervisor allocates so little else that the collector rarely runs, so a child
 * writing 200 MB grew the supervisor by 30 MB (which the C allocator then kept), and the fresh pages
 * cost page faults on every read. net.Socket's `onread` option reads into a given buffer instead;
 * it is only offered when a socket is made, so the pipe's handle moves to a new socket here.
 *
 * Resolves when the pipe has closed (every writer, grandchildren included, closed it).
 */
export function readOutput(pipe: Readable, onChunk: (chunk: Buffer) => void): Promise<void> {
  const closed = new Promise<void>((resolve) => pipe.once('close', () => resolve()));
  const owner = pipe as Readable & { _handle?: unknown };
  if (!(pipe instanceof Socket) || !owner._handle) {
    // Not a socket over a handle (another Node may differ): the stream's own reads, same result.
    pipe.on('data', onChunk);
    return closed;
  }
  shared ??= Buffer.allocUnsafe(readBytes);
  const handle = owner._handle;
  // The old socket lets go of the handle, so that nothing it does later (Node resumes a child's
  // streams when it exits) touches the pipe; it closes when the new socket does, for whoever waits
  // for it (ChildProcess's 'close').
  owner._handle = null;
  // `handle` is what child_process itself makes its sockets with; Node's types leave it out.
  const options = {
    handle,
    readable: true,
    writable: false,
    onread: {
      buffer: shared,
      callback: (bytes: number, buffer: Uint8Array) => {
        onChunk((buffer as Buffer).subarray(0, bytes));
        // A short read means the pipe is drained: reading it again as soon as the child writes its
        // next few KiB costs a read, a write and a wake-up of the child each time. Waiting for the
        // next turn of the event loop lets output gather (the child blocks only on a full pipe):
        // in a stand-alone test, capturing 200 MB took half the reads and about 0.6 of the time.
        if (bytes < readBytes / 2) {
          reader.pause();
          setImmediate(() => reader.resume());
        }
      },
    },
  };
  const reader: Socket = new Socket(options as ConstructorParameters<typeof Socket>[0]);
  // A read error ends the output as the end of the pipe does; there is no one else to tell.
  reader.on('error', () => {});
  reader.once('close', () => pipe.destroy());
  return closed;
}
