// Two PostgreSQL servers side by side, in the two shapes the constructor has: `primary` on its
// socket only with the default authentication, `secondary` also on TCP, with an ident map that
// lets root (and the deployer) in as the superuser, and a setting of its own.
//   procform switch examples/services/postgresql.ts
import { defineProcesses } from 'procform';
import { postgresqlContainerProvider } from 'procform/services';

export default defineProcesses((ctx) => {
  const port = (instance: string) => ctx.ids.postgresqlPorts?.[instance] ?? 0;
  const make = postgresqlContainerProvider(ctx);
  const superuser = ctx.forceDisableUserChange ? ctx.callingUser : 'postgresql-secondary';
  return {
    'postgresql-primary': {
      ...make({ port: port('postgresql-primary'), instanceSuffix: '-primary' }),
      requiresUniqueIdsFor: ['postgresqlPorts'],
    },
    'postgresql-secondary': {
      ...make({
        port: port('postgresql-secondary'),
        instanceSuffix: '-secondary',
        enableTCPIP: true,
        authentication: ['local all all peer map=admins', 'host all all 127.0.0.1/32 scram-sha-256', ''].join('\n'),
        identMap: [`admins root ${superuser}`, `admins ${superuser} ${superuser}`, ''].join('\n'),
        settings: { max_connections: 20, application_name: 'procform' },
      }),
      requiresUniqueIdsFor: ['postgresqlPorts'],
    },
  };
});
