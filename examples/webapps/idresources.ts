// The ID pools of the webapps models (upstream's idresources.nix): each instance asks for the pools
// it needs with requiresUniqueIdsFor, and `procform ids assign` writes what it got to the IDs file.
//   procform ids assign examples/webapps/processes.ts            (writes ids.json)
//   procform ids assign examples/webapps/processes-advanced.ts   (writes processes-advanced.ids.json)
import type { IdResources } from 'procform';

const accounts = { min: 2000, max: 3000 };

export default {
  webappPorts: { min: 5000, max: 6000 },
  nginxPorts: { min: 8080, max: 9000 },
  uids: accounts,
  gids: accounts,
} satisfies IdResources;
