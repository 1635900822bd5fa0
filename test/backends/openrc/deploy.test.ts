// `procform switch -P openrc` end to end, unprivileged, with OpenRC's real rc-service and
// start-stop-daemon in a private OpenRC root: the host's runlevels and state are never touched.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statuses, webappsFlow } from '../../support/webapps-flow.ts';

describe('openrc deployments', () => {
  it('deploys the webapps, switches only what changed, restarts what crashed, and goes down without leftovers', async () => {
    await webappsFlow('openrc', async ({ stateDir }) => {
      const openrc = join(stateDir, 'run/procform-openrc');
      // The private runlevel holds the deployment's services, and OpenRC's state is the deployment's.
      expect(readdirSync(join(openrc, 'runlevels/procform')).sort()).toEqual(['nginx', 'webapp']);
      expect(readlinkSync(join(openrc, 'init.d/webapp'))).toMatch(/-webapp\/etc\/init\.d\/webapp$/);
      expect(readdirSync(join(openrc, 'svcdir/started')).sort()).toEqual(['nginx', 'webapp']);
      // The host's OpenRC state knows nothing of them.
      expect(existsSync('/run/openrc/started/webapp')).toBe(false);
      // procform-daemonize runs the program: status names the program, not procform-daemonize.
      const { pid } = (await statuses(stateDir)).webapp!;
      expect(pid).not.toBeNull();
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toMatch(/daemonizer/);
    });
  }, 180_000);
});
