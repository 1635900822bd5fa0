// Calls into a running supervisord over its Unix socket (XML-RPC at /RPC2, as supervisorctl does),
// without spawning supervisorctl (a Python start-up per call) and with faults as typed errors.
import { request } from 'node:http';
import { SupervisordError, SupervisordFault } from './errors.ts';
import type { XmlRpcValue } from './xmlrpc.ts';
import { decodeResponse, encodeCall } from './xmlrpc.ts';

/** supervisord is not there: no socket, or nobody listening on it. */
export class SupervisordUnreachable extends SupervisordError {}

export async function callSupervisor(socket: string, method: string, params: XmlRpcValue[] = [], timeoutMs = 30_000): Promise<XmlRpcValue> {
  const body = encodeCall(method, params);
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(
      { socketPath: socket, path: '/RPC2', method: 'POST', headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body), host: 'localhost' }, timeout: timeoutMs },
      (response) => {
        let data = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (data += chunk));
        response.on('end', () =>
          response.statusCode === 200 ? resolve(data) : reject(new SupervisordError(`supervisord answered ${method} with HTTP ${response.statusCode}: ${data.slice(0, 200)}`)),
        );
        response.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new SupervisordError(`supervisord did not answer ${method} within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') reject(new SupervisordUnreachable(`supervisord is not running (no one listens on ${socket})`, { cause: error }));
      else reject(error);
    });
    req.end(body);
  });
  const response = decodeResponse(text);
  if (!response.ok) throw new SupervisordFault(method, response.code, response.message);
  return response.value;
}
