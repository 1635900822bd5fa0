// The seed's first model: a webapp behind an nginx reverse proxy that routes by Host header.
//   procform up examples/webapps/processes.ts
//   curl -H 'Host: webapp.local' http://localhost:8080
// Ports, UIDs and GIDs come from ids.json beside this file (procform ids assign keeps it up to date).
import { defineProcesses } from 'procform';
import type { WebappMode } from 'procform/services';
import { nginxReverseProxyHostBased, webapp } from 'procform/services';

export default defineProcesses((ctx) => {
  const { ids } = ctx;
  // --extra-params '{"webappMode":"foreground"}' (or "daemon") forces a mode; otherwise each process manager picks.
  const mode = (ctx.extraParams.webappMode as WebappMode | undefined) ?? 'automatic';

  const webappPort = ids.webappPorts?.webapp ?? 0;
  const webappInstance = {
    port: webappPort,
    dnsName: 'webapp.local',
    pkg: webapp(ctx)({ port: webappPort, mode }),
    requiresUniqueIdsFor: ['webappPorts', 'uids', 'gids'],
  };

  const nginxPort = ids.nginxPorts?.nginx ?? 0;
  return {
    webapp: webappInstance,
    nginx: {
      port: nginxPort,
      pkg: nginxReverseProxyHostBased(ctx)({ port: nginxPort, webapps: [webappInstance] }),
      requiresUniqueIdsFor: ['nginxPorts', 'uids', 'gids'],
    },
  };
});
