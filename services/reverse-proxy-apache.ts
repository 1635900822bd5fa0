import type { Instance, ManagedProcess, ProcessContext } from '../src/model/types.ts';
import type { BasicAuth } from './apache.ts';
import { accessDirectives, accessModules, apache, apacheConfig, apacheReadiness } from './apache.ts';

export interface ReverseProxyApacheParams {
  port?: number;
  /** The instance requests go to; it starts first. */
  dependency: Instance;
  /** `http`, or `ajp` for a Tomcat's AJP connector. Default http. */
  targetProtocol?: 'http' | 'ajp';
  /** The dependency's port for that protocol. Default: its `port` property. */
  targetPort?: number;
  /** Only these users get through. */
  basicAuth?: BasicAuth;
  /** The path whose answer (2xx or 3xx, or 401 behind authentication) makes the proxy ready. Default `/`. */
  readinessPath?: string;
  serverName?: string;
  serverAdmin?: string;
  /** More directives inside the proxy's <Location />. */
  extraProxySettings?: string;
  instanceSuffix?: string;
  instanceName?: string;
}

/**
 * Apache passing every request to another instance over HTTP or AJP: upstream's
 * reverseProxyApache, and basicAuthReverseProxyApache when `basicAuth` is given.
 */
export function reverseProxyApache(ctx: ProcessContext): (params: ReverseProxyApacheParams) => ManagedProcess {
  return ({
    port = 80,
    dependency,
    targetProtocol = 'http',
    targetPort = typeof dependency.port === 'number' ? dependency.port : undefined,
    basicAuth,
    readinessPath = '/',
    serverName,
    serverAdmin,
    extraProxySettings = '',
    instanceSuffix = '',
    instanceName = `apache${instanceSuffix}`,
  }) => {
    if (targetPort === undefined) throw new Error(`reverse proxy ${instanceName}: the dependency has no port property; pass targetPort`);
    const target = `${targetProtocol}://127.0.0.1:${targetPort}/`;
    const configFile = apacheConfig(ctx, {
      instanceName,
      port,
      modules: ['proxy', `proxy_${targetProtocol}`, ...accessModules(basicAuth)],
      ...(serverName !== undefined && { serverName }),
      ...(serverAdmin !== undefined && { serverAdmin }),
      body: [
        'ProxyRequests Off',
        'ProxyPreserveHost On',
        '<Location />',
        `  ProxyPass "${target}"`,
        `  ProxyPassReverse "${target}"`,
        ...accessDirectives(ctx, instanceName, basicAuth),
        ...(extraProxySettings ? [extraProxySettings] : []),
        '</Location>',
        '',
      ].join('\n'),
    });
    return apache(ctx)({ configFile, port, instanceName, dependencies: [dependency], readiness: apacheReadiness(port, readinessPath, basicAuth) });
  };
}

/** upstream's basicAuthReverseProxyApache: a reverse proxy that only lets these users through. */
export function basicAuthReverseProxyApache(ctx: ProcessContext): (params: ReverseProxyApacheParams & { basicAuth: BasicAuth }) => ManagedProcess {
  return reverseProxyApache(ctx);
}
