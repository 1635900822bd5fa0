// `postgresql-database`: a database in a PostgreSQL container provider, created with its schema
// through the provider's socket, as its superuser (peer authentication). Deactivation keeps the data.
import { shellQuote } from '../../shell/quote.ts';
import type { ContainerModule } from './types.ts';
import { asAdministrator, schemaFiles } from './database-script.ts';

export const postgresqlDatabaseContainer: ContainerModule = {
  async activate(context, service) {
    const { name, files } = service.content!;
    const { postgresqlRuntimeDir, postgresqlPort, postgresqlUsername } = service.container.properties;
    const client = `psql -X -q -v ON_ERROR_STOP=1 -h ${shellQuote(String(postgresqlRuntimeDir))} -p ${shellQuote(String(postgresqlPort))} -U ${shellQuote(String(postgresqlUsername))}`;
    const output = await context.run(
      [
        'set -e',
        asAdministrator(String(postgresqlUsername)),
        `if [ "$(as_admin ${client} -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${name}'")" = 1 ]; then`,
        `  echo "database ${name} exists in ${service.container.name}: kept as it is"; exit 0`,
        'fi',
        `as_admin ${client} -d postgres -c 'CREATE DATABASE "${name}"'`,
        ...schemaFiles(files, `as_admin ${client} -d ${name}`, `as_admin ${client} -d postgres -c 'DROP DATABASE "${name}"'`),
        `echo "database ${name} created in ${service.container.name}"`,
      ].join('\n'),
    );
    context.log(output.trim());
  },
  async deactivate(context, service) {
    context.log(`database ${service.content!.name} in ${service.container.name} on ${context.machineName} is no longer deployed; its data is kept (drop it yourself if it is not wanted)`);
  },
};
