// Two xinetd instances side by side: `primary` with its services in the model (a greeting saying
// who runs it, and xinetd's internal echo); `secondary` extendable, for services other tools drop
// into its xinetd.d folder (its `port` is for them).
//   procform switch examples/services/xinetd.ts
import { defineProcesses } from 'procform';
import { xinetd, xinetdIncludeDir } from 'procform/services';

export default defineProcesses((ctx) => {
  const greetingPort = ctx.ids.xinetdPorts?.['xinetd-primary'] ?? 0;
  const echoPort = ctx.ids.xinetdEchoPorts?.['xinetd-primary'] ?? 0;
  const servicePort = ctx.ids.xinetdPorts?.['xinetd-secondary'] ?? 0;
  return {
    'xinetd-primary': {
      greetingPort,
      echoPort,
      pkg: xinetd(ctx)({
        instanceSuffix: '-primary',
        services: {
          greeting: { type: 'UNLISTED', port: greetingPort, socket_type: 'stream', wait: 'no', bind: '127.0.0.1', server: '/usr/bin/id', server_args: '-un' },
          echo: { type: 'INTERNAL UNLISTED', id: 'echo-stream', port: echoPort, socket_type: 'stream', wait: 'no', bind: '127.0.0.1' },
        },
      }),
      requiresUniqueIdsFor: ['xinetdPorts', 'xinetdEchoPorts'],
    },
    'xinetd-secondary': {
      port: servicePort,
      includeDir: xinetdIncludeDir(ctx, 'xinetd-secondary'),
      pkg: xinetd(ctx)({ instanceSuffix: '-secondary', extendable: true }),
      requiresUniqueIdsFor: ['xinetdPorts'],
    },
  };
});
