import { connect } from 'node:net';
import { readJsonLines } from './json-lines.ts';
import type { Answer, Request } from './protocol.ts';

/** The supervisor is not there: no socket, or nobody listening on it. */
export class NotRunning extends Error {}

/**
 * Sends one request and resolves with the final answer; events on the way go to `onEvent`.
 * Rejects with NotRunning when no supervisor listens. When `cancel` aborts, asks the supervisor to
 * cancel the request (an apply) and still resolves with its answer.
 */
export function sendRequest(socketPath: string, request: Request, onEvent: (answer: Answer & { kind: 'event' }) => void = () => {}, cancel?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answered = false;
    socket.once('connect', () => {
      socket.write(`${JSON.stringify(request)}\n`);
      const sendCancel = () => {
        if (!answered && !socket.destroyed) socket.write(`${JSON.stringify({ op: 'cancel' } satisfies Request)}\n`);
      };
      if (cancel?.aborted) sendCancel();
      else cancel?.addEventListener('abort', sendCancel, { once: true });
      socket.once('close', () => cancel?.removeEventListener('abort', sendCancel));
    });
    readJsonLines(socket, (message) => {
      const answer = message as Answer;
      if (answer.kind === 'event') {
        onEvent(answer);
        return;
      }
      answered = true;
      resolve(answer);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      answered = true;
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') reject(new NotRunning(`no supervisor listens on ${socketPath}`));
      else reject(error);
    });
    socket.once('close', () => {
      if (!answered) reject(new Error('the supervisor closed the connection without answering (did it exit? see its log)'));
    });
  });
}
