import { mysqlDatabaseContainer } from './mysql-database.ts';
import { postgresqlDatabaseContainer } from './postgresql-database.ts';
import { processContainer } from './process.ts';
import { tomcatWebapplicationContainer } from './tomcat-webapplication.ts';
import type { ContainerModule } from './types.ts';

/** The activation of each container type in ../container-types.ts. Adding a type is one file and a line here. */
export const CONTAINER_MODULES: Readonly<Record<string, ContainerModule>> = {
  process: processContainer,
  'managed-process': processContainer,
  'mysql-database': mysqlDatabaseContainer,
  'postgresql-database': postgresqlDatabaseContainer,
  'tomcat-webapplication': tomcatWebapplicationContainer,
};
