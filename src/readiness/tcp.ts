import { connect } from 'node:net';
import type { ProbeResult } from './probe.ts';
import { notReady, ready } from './probe.ts';

/** Ready when a TCP connection to host:port is accepted: the cheapest proof that a server listens. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(notReady(`connecting to ${host}:${port} timed out after ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => finish(ready));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(notReady(`${host}:${port}: ${describeSocketError(error)}`)));
  });
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (error.code === 'ECONNRESET') return 'connection reset (ECONNRESET)';
  return error.message;
}
