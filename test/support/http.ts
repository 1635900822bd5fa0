import { request } from 'node:http';

/** GET with a chosen Host header (fetch cannot set one), as the seed's tests do with curl -H. */
export function httpGet(url: string, options: { host?: string; timeoutMs?: number } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: options.host ? { host: options.host } : {}, timeout: options.timeoutMs ?? 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
