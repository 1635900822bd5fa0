// Two memcached servers side by side, each with its own port and memory limit.
//   procform switch examples/services/memcached.ts
import { defineProcesses } from 'procform';
import { memcached } from 'procform/services';

export default defineProcesses((ctx) => {
  const instance = (suffix: string, memoryMB: number) => {
    const port = ctx.ids.memcachedPorts?.[`memcached${suffix}`] ?? 0;
    return { port, memoryMB, pkg: memcached(ctx)({ port, memoryMB, instanceSuffix: suffix }), requiresUniqueIdsFor: ['memcachedPorts'] };
  };
  return {
    'memcached-primary': instance('-primary', 32),
    'memcached-secondary': instance('-secondary', 16),
  };
});
