// nginx's three shapes side by side, in front of two webapps: `nginx-static` serves a folder;
// `nginx-path` routes /one/ and /two/ to the webapps and caches their answers; `nginx-host` routes
// by Host header (one.local, two.local).
//   procform switch examples/services/nginx.ts
import { defineProcesses } from 'procform';
import { nginxReverseProxyHostBased, nginxReverseProxyPathBased, simpleWebappNginx, webapp } from 'procform/services';

export default defineProcesses((ctx) => {
  const ids = (pool: string, instance: string) => ctx.ids[pool]?.[instance] ?? 0;
  const site = ctx.writeTextFile({ name: 'nginx-example-site', destination: '/index.html', text: '<!DOCTYPE html>\n<html><body>A static page from the store</body></html>\n' });
  const webappInstance = (suffix: string, dnsName: string) => {
    const port = ids('webappPorts', `webapp${suffix}`);
    // In the foreground under every process manager, so that its log of requests is kept (the test reads it).
    return { port, dnsName, pkg: webapp(ctx)({ port, instanceSuffix: suffix, mode: 'foreground' }), requiresUniqueIdsFor: ['webappPorts'] };
  };
  const webapp1 = webappInstance('1', 'one.local');
  const webapp2 = webappInstance('2', 'two.local');
  const proxy = (name: string, make: (port: number) => ReturnType<ReturnType<typeof webapp>>) => ({
    port: ids('nginxPorts', name),
    pkg: make(ids('nginxPorts', name)),
    requiresUniqueIdsFor: ['nginxPorts'],
  });
  return {
    'nginx-static': proxy('nginx-static', (port) => simpleWebappNginx(ctx)({ port, documentRoot: site, instanceSuffix: '-static' })),
    webapp1,
    webapp2,
    'nginx-path': proxy('nginx-path', (port) =>
      nginxReverseProxyPathBased(ctx)({ port, locations: { '/one/': webapp1, '/two/': webapp2 }, enableCache: true, instanceSuffix: '-path' }),
    ),
    'nginx-host': proxy('nginx-host', (port) => nginxReverseProxyHostBased(ctx)({ port, webapps: [webapp1, webapp2], instanceSuffix: '-host' })),
  };
});
