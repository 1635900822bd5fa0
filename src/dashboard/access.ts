import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface AccessPolicy {
  /** The token printed in the dashboard's URL. */
  token: string;
  /** Bound to the loopback address only: requests need no token, but must name it as their Host. */
  loopback: boolean;
  port: number;
}

export const TOKEN_HEADER = 'x-procform-token';

const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether the dashboard is bound to this machine alone (the default), where a token is not needed. */
export function isLoopbackHost(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1'].includes(host);
}

/**
 * Why a request is refused, or null when it may proceed.
 * - Bound to loopback: the Host header must name loopback, so that a web page whose name resolves to
 *   127.0.0.1 (DNS rebinding) cannot read or drive the dashboard from the user's browser.
 * - Bound to any other address: the token (query `token`, or the X-Procform-Token header) is required
 *   for the API (/api/…); the page, its style and script hold no data and load without it (the
 *   script then sends the token of the page's URL).
 * - Actions (POST) must come from the dashboard's own page: an Origin of the same host and port, and,
 *   where the browser sends it, Sec-Fetch-Site same-origin; a form on another site cannot post.
 */
export function refusal(request: IncomingMessage, policy: AccessPolicy): string | null {
  const host = request.headers.host ?? '';
  if (policy.loopback) {
    if (!loopbackNames.some((name) => host === `${name}:${policy.port}`)) return `the dashboard answers only to 127.0.0.1:${policy.port} or localhost:${policy.port}, not to "${host}"`;
  } else if (new URL(request.url ?? '/', 'http://dashboard').pathname.startsWith('/api/') && !tokenMatches(presentedToken(request), policy.token)) {
    return 'a valid token is required: open the URL procform dashboard printed';
  }
  if (request.method === 'POST') {
    if (request.headers.origin !== `http://${host}`) return 'actions are accepted from the dashboard\'s own page only (the Origin header must be it)';
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return 'actions are accepted from the dashboard\'s own page only';
  }
  return null;
}

function presentedToken(request: IncomingMessage): string | null {
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  return new URL(request.url ?? '/', 'http://dashboard').searchParams.get('token');
}

function tokenMatches(presented: string | null, token: string): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
