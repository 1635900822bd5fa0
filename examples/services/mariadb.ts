// Two MariaDB servers side by side, as the seed's mysql-primary and mysql-secondary container
// providers: `primary` on TCP and its socket, `secondary` on its socket only, with a setting of its own.
//   procform switch examples/services/mariadb.ts
import { defineProcesses } from 'procform';
import { mariadbContainerProvider } from 'procform/services';

export default defineProcesses((ctx) => {
  const port = (instance: string) => ctx.ids.mariadbPorts?.[instance] ?? 0;
  const make = mariadbContainerProvider(ctx);
  return {
    'mariadb-primary': {
      ...make({ port: port('mariadb-primary'), instanceSuffix: '-primary' }),
      requiresUniqueIdsFor: ['mariadbPorts'],
    },
    'mariadb-secondary': {
      ...make({ port: port('mariadb-secondary'), instanceSuffix: '-secondary', enableTCPIP: false, settings: { max_connections: 20 } }),
      requiresUniqueIdsFor: ['mariadbPorts'],
    },
  };
});
