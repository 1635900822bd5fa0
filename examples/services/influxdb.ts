// Two InfluxDB servers side by side: `primary` open to anyone on every interface; `secondary` on
// localhost only, for authenticated users.
//   procform switch examples/services/influxdb.ts
import { defineProcesses } from 'procform';
import { influxdb } from 'procform/services';

export default defineProcesses((ctx) => {
  const instance = (suffix: string, params: { httpBindIP?: string; authEnabled?: boolean }) => {
    const name = `influxdb${suffix}`;
    const port = ctx.ids.influxdbPorts?.[name] ?? 0;
    const rpcPort = ctx.ids.influxdbRpcPorts?.[name] ?? 0;
    return { port, pkg: influxdb(ctx)({ httpPort: port, rpcPort, instanceSuffix: suffix, ...params }), requiresUniqueIdsFor: ['influxdbPorts', 'influxdbRpcPorts'] };
  };
  return {
    'influxdb-primary': instance('-primary', {}),
    'influxdb-secondary': instance('-secondary', { httpBindIP: '127.0.0.1', authEnabled: true }),
  };
});
