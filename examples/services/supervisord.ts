// Two supervisord instances side by side, for other tools to deploy programs into: `primary` on
// its socket only, `secondary` also with its web interface on a port.
//   procform switch examples/services/supervisord.ts
import { defineProcesses } from 'procform';
import { extendableSupervisord, supervisordFiles } from 'procform/services';

export default defineProcesses((ctx) => {
  const webPort = ctx.ids.supervisordPorts?.['supervisord-secondary'] ?? 0;
  const instance = (suffix: string, params: Parameters<ReturnType<typeof extendableSupervisord>>[0]) => ({
    ...supervisordFiles(ctx, `supervisord${suffix}`),
    // The port of the program the test deploys into it.
    programPort: ctx.ids.programPorts?.[`supervisord${suffix}`] ?? 0,
    pkg: extendableSupervisord(ctx)({ instanceSuffix: suffix, ...params }),
    requiresUniqueIdsFor: ['programPorts'],
  });
  return {
    'supervisord-primary': instance('-primary', {}),
    'supervisord-secondary': { ...instance('-secondary', { inetHTTPServerPort: webPort }), webPort, requiresUniqueIdsFor: ['programPorts', 'supervisordPorts'] },
  };
});
