import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { nginx, nginxConfig } from './nginx.ts';

export interface SimpleWebappNginxParams {
  port?: number;
  /** The folder served. Default: a page saying which instance serves it. */
  documentRoot?: string;
  workerConnections?: number;
  /** More directives in the server block. */
  extraConfig?: string;
  /** More directives in the http block. */
  extraHTTPConfig?: string;
  instanceSuffix?: string;
  instanceName?: string;
}

/** nginx serving a folder of static files: upstream's simpleWebappNginx. Ready when it answers a GET of its root. */
export function simpleWebappNginx(ctx: ProcessContext): (params?: SimpleWebappNginxParams) => ManagedProcess {
  return ({ port = 80, documentRoot, workerConnections, extraConfig = '', extraHTTPConfig = '', instanceSuffix = '', instanceName = `nginx${instanceSuffix}` } = {}) => {
    const root =
      documentRoot ??
      ctx.writeTextFile({ name: `${instanceName}-webapp`, destination: '/index.html', text: `<!DOCTYPE html>\n<html><body>Static files served by ${instanceName}</body></html>\n` });
    const configFile = nginxConfig(ctx, {
      instanceName,
      ...(workerConnections !== undefined && { workerConnections }),
      http: [
        '  include /etc/nginx/mime.types;',
        extraHTTPConfig,
        '  server {',
        `    listen ${port};`,
        `    root ${root};`,
        '    index index.html;',
        extraConfig,
        '  }',
      ].join('\n'),
    });
    return nginx(ctx)({ configFile, port, readiness: { kind: 'http', url: `http://127.0.0.1:${port}/` }, instanceName });
  };
}
