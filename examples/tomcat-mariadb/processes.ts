// The seed's Tomcat + MySQL multi-instance model (upstream's processes-with-tomcat-mysql-multi-instance):
// two Tomcat servers and two MariaDB servers, primary and secondary, each a container provider.
// Other tools (Disnix, in the seed) deploy web applications into the Tomcat containers and databases
// into the MariaDB containers, knowing only what each container says about itself:
//   tomcat-webapplication-primary, tomcat-webapplication-secondary,
//   mysql-database-primary, mysql-database-secondary
// Every Tomcat has MariaDB's JDBC driver (Debian's libmariadb-java) on its common class loader.
//   procform switch examples/tomcat-mariadb/processes.ts
import { defineProcesses } from 'procform';
import { mariadbContainerProvider, tomcatContainerProvider } from 'procform/services';

export default defineProcesses((ctx) => {
  const id = (pool: string, instance: string) => ctx.ids[pool]?.[instance] ?? 0;
  const mariadb = (suffix: string) => ({
    ...mariadbContainerProvider(ctx)({ instanceSuffix: suffix, port: id('mariadbPorts', `mariadb${suffix}`) }),
    requiresUniqueIdsFor: ['mariadbPorts', 'uids', 'gids'],
  });
  const tomcat = (suffix: string) => ({
    ...tomcatContainerProvider(ctx)({
      instanceSuffix: suffix,
      httpPort: id('tomcatHttpPorts', `tomcat${suffix}`),
      serverPort: id('tomcatServerPorts', `tomcat${suffix}`),
      // Empty: web applications are deployed into it later, into its webapps folder.
      webapps: {},
      commonLibs: ['/usr/share/java/mariadb-java-client.jar'],
      javaOpts: '-Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1',
    }),
    requiresUniqueIdsFor: ['tomcatHttpPorts', 'tomcatServerPorts', 'uids', 'gids'],
  });
  return {
    'mariadb-primary': mariadb('-primary'),
    'mariadb-secondary': mariadb('-secondary'),
    'tomcat-primary': tomcat('-primary'),
    'tomcat-secondary': tomcat('-secondary'),
  };
});
