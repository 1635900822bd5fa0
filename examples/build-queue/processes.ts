// The seed's Hydra model, with a build queue (app.py) standing in for Hydra: PostgreSQL with an
// ident map that lets the queue's accounts in as the database role `queue`, the queue's web server
// and its runner, and Apache in front of the web server as a reverse proxy.
//   procform switch examples/build-queue/processes.ts
//   curl -d name=hello http://localhost:<apache port>/jobs; curl http://localhost:<apache port>/
import { defineProcesses } from 'procform';
import { postgresqlContainerProvider, reverseProxyApache } from 'procform/services';
import { queueAccount, queueRunner, queueServer } from './constructors.ts';

export default defineProcesses((ctx) => {
  const id = (pool: string, instance: string) => ctx.ids[pool]?.[instance] ?? 0;
  const superuser = ctx.forceDisableUserChange ? ctx.callingUser : 'postgresql';
  // As hydra's: the queue's accounts may be role `queue`, and nothing else; the superuser is itself.
  const identMap = [
    `queue-users ${queueAccount(ctx, 'queue-server-www')} queue`,
    `queue-users ${queueAccount(ctx, 'queue-runner')} queue`,
    `queue-users ${superuser} ${superuser}`,
    '',
  ].join('\n');
  const postgresql = {
    ...postgresqlContainerProvider(ctx)({
      port: id('postgresqlPorts', 'postgresql'),
      authentication: ['local queue all peer map=queue-users', 'local all all peer', ''].join('\n'),
      identMap,
    }),
    requiresUniqueIdsFor: ['postgresqlPorts', 'uids', 'gids'],
  };
  const serverPort = id('queuePorts', 'queue-server');
  const server = { port: serverPort, pkg: queueServer(ctx)({ port: serverPort, postgresql }), requiresUniqueIdsFor: ['queuePorts'] };
  const apachePort = id('apachePorts', 'apache');
  return {
    postgresql,
    'queue-server': server,
    'queue-runner': { pkg: queueRunner(ctx)({ server, postgresql }) },
    apache: { port: apachePort, pkg: reverseProxyApache(ctx)({ port: apachePort, dependency: server }), requiresUniqueIdsFor: ['apachePorts'] },
  };
});
