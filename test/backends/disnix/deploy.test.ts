// `procform switch -P disnix` end to end, unprivileged, everything under a temporary --state-dir:
// no process manager, only process wrappers, PID files and procform's switch.
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { procformOk, statuses, webappsFlow } from '../../support/webapps-flow.ts';

describe('disnix deployments', () => {
  it('deploys the webapps, switches only what changed, restarts what crashed, and goes down without leftovers', async () => {
    await webappsFlow('disnix', async ({ stateDir }) => {
      // status gives the program's own PID, not procform-daemonize's.
      const webapp = (await statuses(stateDir)).webapp!;
      expect(readFileSync(`/proc/${webapp.pid}/cmdline`, 'utf8')).toContain('procform-webapp');
      // The profile holds upstream's Dysnomia configurations: the wrapper and the PID file.
      const profile = join(stateDir, 'lib/procform/profiles', readlinkSync(join(stateDir, 'lib/procform/profiles/processes')));
      expect(readFileSync(join(profile, 'etc/dysnomia/process/webapp'), 'utf8')).toMatch(/^process=\/.*-webapp\/bin\/webapp-process\npidFile=\/.*\/webapp\.pid\n$/);
    });
  }, 180_000);

  it('takes -P process as the same backend', async () => {
    const { copyWebappsWithState } = await import('../../support/webapps.ts');
    const { dir, stateDir } = await copyWebappsWithState();
    const built = await procformOk(stateDir, ['build', join(dir, 'processes.ts'), '-P', 'process', '--force-disable-user-change']);
    expect(JSON.parse(readFileSync(join(built.stdout.trim(), 'manifest.json'), 'utf8')).processManager).toBe('disnix');
  });
});
