// Apache's three shapes side by side: `apache-static` serves a folder; `apache-proxy` passes requests
// over HTTP to a webapp; `apache-ajp` passes them over AJP to a Tomcat, and only for users who
// authenticate (HTTP basic authentication, its htpasswd file made at build time).
//   procform switch examples/services/apache.ts
import { defineProcesses } from 'procform';
import { reverseProxyApache, simpleWebappApache, tomcatContainerProvider, webapp } from 'procform/services';
import { helloWebapp, smallJvm } from './tomcat.ts';

export default defineProcesses((ctx) => {
  const ids = (pool: string, instance: string) => ctx.ids[pool]?.[instance] ?? 0;
  const portOf = (instance: string) => ids('apachePorts', instance);
  const site = ctx.writeTextFile({ name: 'apache-example-site', destination: '/index.html', text: '<!DOCTYPE html>\n<html><body>A static page from the store</body></html>\n' });

  const webappPort = ids('webappPorts', 'webapp');
  const webappInstance = { port: webappPort, pkg: webapp(ctx)({ port: webappPort }), requiresUniqueIdsFor: ['webappPorts'] };
  const ajpPort = ids('tomcatAjpPorts', 'tomcat');
  const tomcat = {
    ...tomcatContainerProvider(ctx)({ httpPort: ids('tomcatPorts', 'tomcat'), serverPort: -1, enableAJP: true, ajpPort, webapps: { ROOT: helloWebapp(ctx) }, javaOpts: smallJvm }),
    requiresUniqueIdsFor: ['tomcatPorts', 'tomcatAjpPorts'],
  };
  return {
    'apache-static': {
      port: portOf('apache-static'),
      pkg: simpleWebappApache(ctx)({ port: portOf('apache-static'), documentRoot: site, instanceSuffix: '-static' }),
      requiresUniqueIdsFor: ['apachePorts'],
    },
    webapp: webappInstance,
    'apache-proxy': {
      port: portOf('apache-proxy'),
      pkg: reverseProxyApache(ctx)({ port: portOf('apache-proxy'), dependency: webappInstance, instanceSuffix: '-proxy' }),
      requiresUniqueIdsFor: ['apachePorts'],
    },
    tomcat,
    'apache-ajp': {
      port: portOf('apache-ajp'),
      pkg: reverseProxyApache(ctx)({
        port: portOf('apache-ajp'),
        dependency: tomcat,
        targetProtocol: 'ajp',
        targetPort: ajpPort,
        basicAuth: { realm: 'Staff only', users: { alice: { password: 'wonderland' } } },
        instanceSuffix: '-ajp',
      }),
      requiresUniqueIdsFor: ['apachePorts'],
    },
  };
});
