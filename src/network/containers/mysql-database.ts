// `mysql-database`: a database in a MariaDB (or MySQL) container provider, created with its schema
// through the provider's socket, as the provider's administrator (unix_socket authentication).
// Deactivation keeps the data: dropping a database is left to its owner.
import { shellQuote } from '../../shell/quote.ts';
import type { ContainerModule } from './types.ts';
import { asAdministrator, schemaFiles } from './database-script.ts';

export const mysqlDatabaseContainer: ContainerModule = {
  async activate(context, service) {
    const { name, files } = service.content!;
    const { mysqlSocket, mysqlUsername } = service.container.properties;
    const client = `mariadb --no-defaults --socket=${shellQuote(String(mysqlSocket))} -u ${shellQuote(String(mysqlUsername))}`;
    const output = await context.run(
      [
        'set -e',
        asAdministrator(String(mysqlUsername)),
        `if [ "$(as_admin ${client} -N -B -e "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '${name}'")" = 1 ]; then`,
        `  echo "database ${name} exists in ${service.container.name}: kept as it is"; exit 0`,
        'fi',
        `as_admin ${client} -e 'CREATE DATABASE \`${name}\`'`,
        ...schemaFiles(files, `as_admin ${client} ${name}`, `as_admin ${client} -e 'DROP DATABASE \`${name}\`'`),
        `echo "database ${name} created in ${service.container.name}"`,
      ].join('\n'),
    );
    context.log(output.trim());
  },
  async deactivate(context, service) {
    context.log(`database ${service.content!.name} in ${service.container.name} on ${context.machineName} is no longer deployed; its data is kept (drop it yourself if it is not wanted)`);
  },
};
