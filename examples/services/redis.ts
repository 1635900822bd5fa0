// Two Redis servers side by side: `primary` on TCP, logging every write to its append-only file;
// `secondary` on its socket only, for clients that know its password.
//   procform switch examples/services/redis.ts
import { defineProcesses } from 'procform';
import { redis, redisFiles } from 'procform/services';

export default defineProcesses((ctx) => {
  const port = ctx.ids.redisPorts?.['redis-primary'] ?? 0;
  return {
    'redis-primary': {
      port,
      ...redisFiles(ctx, 'redis-primary'),
      pkg: redis(ctx)({ port, appendOnly: true, instanceSuffix: '-primary' }),
      requiresUniqueIdsFor: ['redisPorts'],
    },
    'redis-secondary': {
      ...redisFiles(ctx, 'redis-secondary'),
      pkg: redis(ctx)({ port: 0, requirePass: 'sesame', instanceSuffix: '-secondary' }),
    },
  };
});
