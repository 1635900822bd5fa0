// The ID pools of the Tomcat + MariaDB model (upstream's example-deployments/disnix/idresources.nix).
import type { IdResources } from 'procform';

const accounts = { min: 2000, max: 3000 };

export default {
  mariadbPorts: { min: 3306, max: 3399 },
  tomcatHttpPorts: { min: 8080, max: 8099 },
  tomcatServerPorts: { min: 8005, max: 8009 },
  uids: accounts,
  gids: accounts,
} satisfies IdResources;
