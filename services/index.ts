// The constructor library: each export is `(ctx) => (instanceParams) => ManagedProcess`.
export { webapp } from './webapp.ts';
export type { WebappMode, WebappParams } from './webapp.ts';
export { nginx, nginxFolders } from './nginx.ts';
export type { NginxParams } from './nginx.ts';
export { nginxReverseProxyHostBased } from './nginx-reverse-proxy-host-based.ts';
export type { NginxReverseProxyHostBasedParams, WebappInstance } from './nginx-reverse-proxy-host-based.ts';
export { postgresql, postgresqlContainerProvider, postgresqlFiles } from './postgresql.ts';
export type { PostgresqlInstanceFiles, PostgresqlParams } from './postgresql.ts';
export { mariadb, mariadbContainerProvider, mariadbFiles } from './mariadb.ts';
export type { MariadbInstanceFiles, MariadbParams } from './mariadb.ts';
export { simpleAppservingTomcat, tomcatCatalinaBase, tomcatContainerProvider } from './tomcat.ts';
export type { TomcatParams } from './tomcat.ts';
