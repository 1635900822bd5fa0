import type { Instance, ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { nginx, nginxConfig } from './nginx.ts';

/** An instance nginx can route to: its port and the host name it answers for. */
export interface WebappInstance extends Instance {
  port: number;
  dnsName: string;
}

export interface NginxReverseProxyHostBasedParams {
  port?: number;
  webapps?: WebappInstance[];
  workerConnections?: number;
  instanceSuffix?: string;
  instanceName?: string;
}

/**
 * nginx routing each request, by its Host header, to the webapp with that dnsName. Unknown hosts
 * get an error page, so that a request never lands on an arbitrary webapp during an upgrade.
 * Ready when it answers a GET (the error page, for a host it does not know).
 */
export function nginxReverseProxyHostBased(ctx: ProcessContext): (params: NginxReverseProxyHostBasedParams) => ManagedProcess {
  const errorPage = ctx.writeTextFile({
    name: 'nginx-errorpage',
    destination: '/index.html',
    text: '<!DOCTYPE html>\n<html>\n<head><title>Error</title></head>\n<body>This web application is not deployed.</body>\n</html>\n',
  });
  return ({ port = 80, webapps = [], workerConnections, instanceSuffix = '', instanceName = `nginx${instanceSuffix}` }) => {
    const upstreams = webapps.map((webapp) => `  upstream webapp${webapp.port} {\n    server localhost:${webapp.port};\n  }\n`);
    const servers = webapps.map(
      (webapp) =>
        `  server {\n    listen ${port};\n    server_name ${webapp.dnsName};\n\n    location / {\n      proxy_pass http://webapp${webapp.port};\n    }\n  }\n`,
    );
    const configFile = nginxConfig(ctx, {
      instanceName,
      ...(workerConnections !== undefined && { workerConnections }),
      http: [
        ...upstreams,
        '  # Fallback virtual host: what users see for a host name that is not deployed.',
        '  server {',
        `    listen ${port} default_server;`,
        '    server_name _;',
        `    root ${errorPage};`,
        '    error_page 404 /index.html;',
        '  }',
        '',
        ...servers,
      ].join('\n'),
    });
    return nginx(ctx)({ configFile, dependencies: webapps, port, readiness: { kind: 'http', url: `http://127.0.0.1:${port}/` }, instanceName });
  };
}
