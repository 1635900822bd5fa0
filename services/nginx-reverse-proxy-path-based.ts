import type { Instance, ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { nginx, nginxConfig, nginxFolders } from './nginx.ts';

export interface NginxReverseProxyPathBasedParams {
  port?: number;
  /** Where requests go, by path prefix: `{ '/shop/': shop, '/': frontPage }`. Each instance starts first. */
  locations: Record<string, Instance & { port: number }>;
  /**
   * Keep successful answers (200, 301, 302) for `cacheValidity` and answer repeated requests from
   * the cache, in `<cacheDir>/<instance>/responses`. Every answer says X-Cache-Status: HIT, MISS, … Default false.
   */
  enableCache?: boolean;
  cacheValidity?: string;
  workerConnections?: number;
  instanceSuffix?: string;
  instanceName?: string;
}

/**
 * nginx routing requests by path to other instances, upstream's nginxReverseProxyPathBased, with
 * optional response caching. The path prefix is passed on unchanged. Ready when it answers a GET
 * of `/.procform-ready`, which it answers itself.
 */
export function nginxReverseProxyPathBased(ctx: ProcessContext): (params: NginxReverseProxyPathBasedParams) => ManagedProcess {
  return ({ port = 80, locations, enableCache = false, cacheValidity = '10m', workerConnections, instanceSuffix = '', instanceName = `nginx${instanceSuffix}` }) => {
    const { cacheDir } = nginxFolders(ctx, instanceName);
    const cache = enableCache
      ? {
          http: [`  proxy_cache_path ${cacheDir}/responses levels=1:2 keys_zone=${instanceName}:1m max_size=64m inactive=60m use_temp_path=off;`],
          location: [`      proxy_cache ${instanceName};`, `      proxy_cache_valid 200 301 302 ${cacheValidity};`, '      add_header X-Cache-Status $upstream_cache_status;'],
        }
      : { http: [], location: [] };
    const routes = Object.entries(locations).map(([path, instance]) =>
      [`    location ${path} {`, `      proxy_pass http://127.0.0.1:${instance.port};`, '      proxy_set_header Host $host;', ...cache.location, '    }'].join('\n'),
    );
    const configFile = nginxConfig(ctx, {
      instanceName,
      ...(workerConnections !== undefined && { workerConnections }),
      http: [
        ...cache.http,
        '  server {',
        `    listen ${port};`,
        ...routes,
        // Answered by nginx itself, whatever the instances behind it say about their own paths.
        '    location = /.procform-ready {',
        '      access_log off;',
        '      return 204;',
        '    }',
        '  }',
      ].join('\n'),
    });
    return nginx(ctx)({
      configFile,
      dependencies: Object.values(locations),
      port,
      readiness: { kind: 'http', url: `http://127.0.0.1:${port}/.procform-ready`, status: 204 },
      instanceName,
    });
  };
}
