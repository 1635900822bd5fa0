import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ProbeResult } from './probe.ts';
import { notReady, ready } from './probe.ts';

/**
 * Ready when a GET answers with `status`, or with any 2xx/3xx when no status is given: a server that
 * accepts connections may still answer 503 while it warms up, which a TCP probe cannot see.
 */
export function probeHttp(url: string, status: number | null, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    // Certificates of a service that is starting are often self-signed; readiness is not authentication.
    const request = send(url, { method: 'GET', rejectUnauthorized: false, agent: false }, (response) => {
      const code = response.statusCode ?? 0;
      response.resume();
      const good = status === null ? code >= 200 && code < 400 : code === status;
      finish(good ? ready : notReady(`GET ${url} answered ${code}${status === null ? '' : `, not ${status}`}`));
    });
    const timer = setTimeout(() => finish(notReady(`GET ${url}: no answer within ${timeoutMs} ms`)), timeoutMs);
    request.once('error', (error: NodeJS.ErrnoException) =>
      finish(notReady(`GET ${url}: ${error.code === 'ECONNREFUSED' ? 'connection refused (ECONNREFUSED)' : error.message}`)),
    );
    request.end();
  });
}
