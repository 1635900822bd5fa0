// The ID pools of the service models in this folder (upstream's example-deployments/services):
// one port pool per service, all above 1024, so that every model deploys unprivileged as well.
// `procform ids assign examples/services/<service>.ts` writes <service>.ids.json beside it.
import type { IdResources } from 'procform';

export default {
  postgresqlPorts: { min: 5432, max: 5499 },
  mariadbPorts: { min: 3306, max: 3399 },
  tomcatPorts: { min: 8080, max: 8099 },
  tomcatServerPorts: { min: 8005, max: 8009 },
  tomcatAjpPorts: { min: 8010, max: 8029 },
  apachePorts: { min: 8100, max: 8199 },
  nginxPorts: { min: 8200, max: 8299 },
  webappPorts: { min: 5000, max: 5099 },
  redisPorts: { min: 6379, max: 6399 },
  memcachedPorts: { min: 11211, max: 11230 },
  influxdbPorts: { min: 8300, max: 8399 },
  influxdbRpcPorts: { min: 8400, max: 8499 },
  sshPorts: { min: 2222, max: 2299 },
  svnPorts: { min: 3690, max: 3699 },
  xinetdPorts: { min: 2300, max: 2349 },
  xinetdEchoPorts: { min: 2350, max: 2399 },
  supervisordPorts: { min: 9001, max: 9099 },
  programPorts: { min: 7000, max: 7099 },
} satisfies IdResources;
