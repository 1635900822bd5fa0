import type { Socket } from 'node:net';

/** Calls `onMessage` with each JSON line arriving on a socket (a line may arrive in several chunks). */
export function readJsonLines(socket: Socket, onMessage: (message: unknown) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== '') onMessage(JSON.parse(line));
      newline = buffered.indexOf('\n');
    }
  });
}
