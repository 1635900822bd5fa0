import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import type { BasicAuth } from './apache.ts';
import { accessDirectives, accessModules, apache, apacheConfig, apacheReadiness } from './apache.ts';

export interface SimpleWebappApacheParams {
  port?: number;
  /** The folder served. Default: a page saying which instance serves it. */
  documentRoot?: string;
  serverName?: string;
  serverAdmin?: string;
  /** More modules of Debian's apache2 to load, by name (`headers`, `rewrite`). */
  modules?: string[];
  /** Only these users may read the site. */
  basicAuth?: BasicAuth;
  /** More directives, at the end of the configuration. */
  extraConfig?: string;
  instanceSuffix?: string;
  instanceName?: string;
}

/**
 * Apache serving a folder of static files: upstream's simpleWebappApache (without PHP and CGI:
 * Debian's mod_php is a separate package), optionally behind basic authentication. Ready when it
 * answers a GET of its root (401 behind authentication).
 */
export function simpleWebappApache(ctx: ProcessContext): (params?: SimpleWebappApacheParams) => ManagedProcess {
  return ({ port = 80, documentRoot, serverName, serverAdmin, modules = [], basicAuth, extraConfig = '', instanceSuffix = '', instanceName = `apache${instanceSuffix}` } = {}) => {
    const root =
      documentRoot ??
      ctx.writeTextFile({ name: `${instanceName}-webapp`, destination: '/index.html', text: `<!DOCTYPE html>\n<html><body>Static files served by ${instanceName}</body></html>\n` });
    const configFile = apacheConfig(ctx, {
      instanceName,
      port,
      modules: [...modules, ...accessModules(basicAuth)],
      ...(serverName !== undefined && { serverName }),
      ...(serverAdmin !== undefined && { serverAdmin }),
      body: [
        `DocumentRoot "${root}"`,
        'DirectoryIndex index.html',
        `<Directory "${root}">`,
        '  Options FollowSymLinks',
        ...accessDirectives(ctx, instanceName, basicAuth),
        '</Directory>',
        extraConfig,
        '',
      ].join('\n'),
    });
    return apache(ctx)({ configFile, port, instanceName, readiness: apacheReadiness(port, '/', basicAuth) });
  };
}
