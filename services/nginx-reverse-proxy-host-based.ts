import type { Instance, ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { nginx, nginxFolders } from './nginx.ts';

/** An instance nginx can route to: its port and the host name it answers for. */
export interface WebappInstance extends Instance {
  port: number;
  dnsName: string;
}

export interface NginxReverseProxyHostBasedParams {
  port?: number;
  webapps?: WebappInstance[];
  instanceSuffix?: string;
  instanceName?: string;
}

/**
 * nginx routing each request, by its Host header, to the webapp with that dnsName. Unknown hosts
 * get an error page, so that a request never lands on an arbitrary webapp during an upgrade.
 */
export function nginxReverseProxyHostBased(ctx: ProcessContext): (params: NginxReverseProxyHostBasedParams) => ManagedProcess {
  const errorPage = ctx.writeTextFile({
    name: 'nginx-errorpage',
    destination: '/index.html',
    text: '<!DOCTYPE html>\n<html>\n<head><title>Error</title></head>\n<body>This web application is not deployed.</body>\n</html>\n',
  });
  return ({ port = 80, webapps = [], instanceSuffix = '', instanceName = `nginx${instanceSuffix}` }) => {
    const { logDir, cacheDir } = nginxFolders(ctx, instanceName);
    const upstreams = webapps.map((webapp) => `  upstream webapp${webapp.port} {\n    server localhost:${webapp.port};\n  }\n`);
    const servers = webapps.map(
      (webapp) =>
        `  server {\n    listen ${port};\n    server_name ${webapp.dnsName};\n\n    location / {\n      proxy_pass http://webapp${webapp.port};\n    }\n  }\n`,
    );
    const configFile = ctx.writeTextFile({
      name: 'nginx.conf',
      text: [
        `pid ${ctx.runtimeDir}/${instanceName}.pid;`,
        `error_log ${logDir}/error.log;`,
        ...(ctx.forceDisableUserChange ? [] : [`user ${instanceName} ${instanceName};`]),
        '',
        'events {',
        '  worker_connections 1024;',
        '}',
        '',
        'http {',
        `  access_log ${logDir}/access.log;`,
        `  error_log ${logDir}/error.log;`,
        '',
        `  proxy_temp_path ${cacheDir}/proxy;`,
        `  client_body_temp_path ${cacheDir}/client_body;`,
        `  fastcgi_temp_path ${cacheDir}/fastcgi;`,
        `  uwsgi_temp_path ${cacheDir}/uwsgi;`,
        `  scgi_temp_path ${cacheDir}/scgi;`,
        '',
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
        '}',
        '',
      ].join('\n'),
    });
    return nginx(ctx)({ configFile, dependencies: webapps, port, instanceName });
  };
}
