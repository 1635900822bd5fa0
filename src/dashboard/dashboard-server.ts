import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Deployment } from '../deploy/deployment.ts';
import { findInstance } from '../deploy/find-instance.ts';
import { formatEvent } from '../deploy/format-event.ts';
import { ProcformError } from '../errors.ts';
import { generationHistory } from '../live/generation-history.ts';
import type { InstanceAction } from '../live/instance-actions.ts';
import { INSTANCE_ACTIONS, runInstanceAction } from '../live/instance-actions.ts';
import { followLog } from '../live/log-tail.ts';
import { createUsageSampler } from '../live/process-usage.ts';
import { printable } from '../text/printable.ts';
import type { AccessPolicy } from './access.ts';
import { isLoopbackHost, refusal } from './access.ts';
import { dashboardState, deployedProfile } from './dashboard-state.ts';
import { layOutGraph } from './graph-layout.ts';
import { graphSvg } from './graph-svg.ts';
import { PAGE_CSS, PAGE_HTML } from './page-html.ts';
import { PAGE_SCRIPT } from './page-script.ts';

export interface Dashboard {
  /** What to open: with the token when one is needed. */
  url: string;
  close(): Promise<void>;
}

const logLines = 200;
const securityHeaders = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * `procform dashboard`: the deployment as a web page, served by Node's own HTTP server. Bound to
 * 127.0.0.1 unless told otherwise; any other address needs the random token printed in the URL
 * (src/dashboard/access.ts). One action at a time: actions take the deployment's lock, which the
 * dashboard's own process cannot take twice.
 */
export async function startDashboard(deployment: Deployment, options: { host: string; port: number }): Promise<Dashboard> {
  const sample = createUsageSampler();
  const token = randomBytes(24).toString('base64url');
  const loopback = isLoopbackHost(options.host);
  let actions: Promise<unknown> = Promise.resolve();
  const policy: AccessPolicy = { token, loopback, port: 0 };

  const routes: Record<string, (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>> = {
    'GET /': async (_request, response) => send(response, 200, 'text/html; charset=utf-8', PAGE_HTML),
    'GET /style.css': async (_request, response) => send(response, 200, 'text/css; charset=utf-8', PAGE_CSS),
    'GET /app.js': async (_request, response) => send(response, 200, 'text/javascript; charset=utf-8', PAGE_SCRIPT),
    'GET /api/state': async (_request, response) => sendJson(response, 200, (await dashboardState(deployment, sample)).state),
    'GET /api/generations': async (_request, response) => sendJson(response, 200, await generationHistory(deployment)),
    'GET /api/graph.svg': async (_request, response) => {
      const profile = await deployedProfile(deployment);
      const manifest = profile?.manifest;
      const layout = layOutGraph(manifest?.startOrder ?? [], new Map(Object.values(manifest?.instances ?? {}).map((entry) => [entry.instance, entry.dependencies])));
      send(response, 200, 'image/svg+xml; charset=utf-8', graphSvg(layout));
    },
    'GET /api/logs': async (_request, response, url) => {
      const profile = await deployedProfile(deployment);
      if (profile === null) return sendJson(response, 404, { error: 'nothing is deployed' });
      const instance = findInstance(profile, url.searchParams.get('instance') ?? '').instance;
      response.writeHead(200, { ...securityHeaders, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
      const controller = new AbortController();
      // The browser went away (another instance selected, the page closed): stop following.
      response.on('close', () => controller.abort());
      // A comment now and then keeps proxies and the browser from closing a quiet stream.
      const heartbeat = setInterval(() => response.write(': still here\n\n'), 15_000);
      try {
        await followLog(profile, instance, logLines, controller.signal, (line) => response.write(`data: ${JSON.stringify(printable(line))}\n\n`));
      } catch (error) {
        response.write(`event: failure\ndata: ${JSON.stringify(`cannot follow the log of ${instance}: ${(error as Error).message}`)}\n\n`);
      } finally {
        clearInterval(heartbeat);
        response.end();
      }
    },
  };

  const act = async (response: ServerResponse, instance: string, action: InstanceAction) => {
    const profile = await deployedProfile(deployment);
    if (profile === null) return sendJson(response, 404, { error: 'nothing is deployed' });
    const events: string[] = [];
    const run = actions.then(() => runInstanceAction(deployment, profile, instance, action, (event) => events.push(printable(formatEvent(event)))));
    actions = run.catch(() => {});
    await run;
    sendJson(response, 200, { message: `${instance} ${action === 'stop' ? 'stopped' : action === 'start' ? 'started' : 'restarted'}`, events });
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const refused = refusal(request, policy);
      if (refused !== null) return sendJson(response, 403, { error: refused });
      const url = new URL(request.url ?? '/', 'http://dashboard');
      const actionPath = /^\/api\/instances\/([^/]+)\/([a-z]+)$/.exec(url.pathname);
      if (request.method === 'POST' && actionPath && INSTANCE_ACTIONS.includes(actionPath[2] as InstanceAction)) {
        return await act(response, decodeURIComponent(actionPath[1]!), actionPath[2] as InstanceAction);
      }
      const route = routes[`${request.method} ${url.pathname}`];
      if (!route) return sendJson(response, 404, { error: `no such page: ${request.method} ${url.pathname}` });
      await route(request, response, url);
    })().catch((error: unknown) => {
      const known = error instanceof ProcformError;
      if (response.headersSent) return response.end();
      sendJson(response, known ? 409 : 500, { error: (error as Error).message, ...(known && error.hint && { hint: error.hint }) });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new ProcformError(`port ${options.port} on ${options.host} is in use`, { hint: 'Choose another with --port, or --port 0 for any free one.' })
          : error,
      );
    });
    server.listen(options.port, options.host, resolve);
  });
  policy.port = (server.address() as AddressInfo).port;
  // Bound to every address: the machine's name is what others reach it by.
  const name = ['0.0.0.0', '::'].includes(options.host) ? hostname() : options.host;
  const shownHost = name.includes(':') ? `[${name}]` : name;
  return {
    url: `http://${shownHost}:${policy.port}/${loopback ? '' : `?token=${token}`}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { ...securityHeaders, 'content-type': type });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
