// The seed's advanced model: six webapps behind two nginx instances. nginx routes to webapp1-4,
// nginx2 to webapp5 and webapp6, each by Host header (webappN.local).
// Ports, UIDs and GIDs come from processes-advanced.ids.json beside this file.
import { defineProcesses } from 'procform';
import type { WebappInstance, WebappMode } from 'procform/services';
import { nginxReverseProxyHostBased, webapp } from 'procform/services';

export default defineProcesses((ctx) => {
  const { ids } = ctx;
  const mode = (ctx.extraParams.webappMode as WebappMode | undefined) ?? 'automatic';
  const makeWebapp = webapp(ctx);
  const makeProxy = nginxReverseProxyHostBased(ctx);

  const webappInstance = (suffix: string): WebappInstance => {
    const port = ids.webappPorts?.[`webapp${suffix}`] ?? 0;
    return {
      port,
      dnsName: `webapp${suffix}.local`,
      pkg: makeWebapp({ port, instanceSuffix: suffix, mode }),
      requiresUniqueIdsFor: ['webappPorts', 'uids', 'gids'],
    };
  };
  const proxyInstance = (suffix: string, webapps: WebappInstance[]) => {
    const port = ids.nginxPorts?.[`nginx${suffix}`] ?? 0;
    return {
      port,
      pkg: makeProxy({ port, webapps, instanceSuffix: suffix }),
      requiresUniqueIdsFor: ['nginxPorts', 'uids', 'gids'],
    };
  };

  const [webapp1, webapp2, webapp3, webapp4, webapp5, webapp6] = ['1', '2', '3', '4', '5', '6'].map(webappInstance) as [
    WebappInstance, WebappInstance, WebappInstance, WebappInstance, WebappInstance, WebappInstance,
  ];
  return {
    webapp1,
    webapp2,
    webapp3,
    webapp4,
    nginx: proxyInstance('', [webapp1, webapp2, webapp3, webapp4]),
    webapp5,
    webapp6,
    nginx2: proxyInstance('2', [webapp5, webapp6]),
  };
});
