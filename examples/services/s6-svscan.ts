// Two s6-svscan instances side by side, each supervising what other tools put in its scan directory.
//   procform switch examples/services/s6-svscan.ts
import { defineProcesses } from 'procform';
import { s6ScanDir, s6Svscan } from 'procform/services';

export default defineProcesses((ctx) => {
  const instance = (suffix: string) => ({
    scanDir: s6ScanDir(ctx, `s6-svscan${suffix}`),
    // The port of the service the test deploys into it.
    programPort: ctx.ids.programPorts?.[`s6-svscan${suffix}`] ?? 0,
    pkg: s6Svscan(ctx)({ instanceSuffix: suffix }),
    requiresUniqueIdsFor: ['programPorts'],
  });
  return {
    's6-svscan-primary': instance('-primary'),
    's6-svscan-secondary': instance('-secondary'),
  };
});
