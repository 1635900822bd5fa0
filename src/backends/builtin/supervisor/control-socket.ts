import { chmodSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { readJsonLines } from './json-lines.ts';
import type { Answer, Request } from './protocol.ts';

/** `cancelled` aborts when the client sends `{"op":"cancel"}` after its request (an apply it no longer waits for). */
export type RequestHandler = (request: Request, send: (answer: Answer) => void, cancelled: AbortSignal) => Promise<void>;

/**
 * Serves the control protocol on a Unix socket only its owner can open (0600, in a 0700 folder).
 * The handler keeps running when the client goes away: an apply whose caller was killed still
 * finishes, so the next one starts from a settled state. Only a client that says so cancels it.
 */
export function serveControlSocket(path: string, handler: RequestHandler): Promise<Server> {
  // Called with the supervisor's lock held: a socket file left here belongs to a dead supervisor.
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    let handled = false;
    const cancel = new AbortController();
    // Answers are corked until the end of the event-loop turn: one write for many events.
    const send = (answer: Answer) => {
      if (socket.destroyed) return;
      if (socket.writableCorked === 0) {
        socket.cork();
        setImmediate(() => socket.uncork());
      }
      socket.write(`${JSON.stringify(answer)}\n`);
    };
    socket.on('error', () => {
      // The client went away; the work goes on.
    });
    readJsonLines(socket, (message) => {
      if (handled) {
        if ((message as Request).op === 'cancel') cancel.abort();
        return;
      }
      handled = true;
      handler(message as Request, send, cancel.signal)
        .catch((error: Error) => send({ kind: 'error', message: error.message }))
        .finally(() => socket.end());
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      chmodSync(path, 0o600);
      resolve(server);
    });
  });
}
