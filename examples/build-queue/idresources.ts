// The ID pools of the build-queue model.
import type { IdResources } from 'procform';

const accounts = { min: 2000, max: 3000 };

export default {
  postgresqlPorts: { min: 5432, max: 5499 },
  queuePorts: { min: 3000, max: 3099 },
  apachePorts: { min: 8080, max: 8099 },
  uids: accounts,
  gids: accounts,
} satisfies IdResources;
