// `procform switch -P disnix` end to end, unprivileged, everything under a temporary --state-dir:
// no process manager, only process wrappers, PID files and procform's switch.
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSuccess, runCliIn, statusByInstance } from '../../support/cli.ts';
import { expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { copyWebappsWithState } from '../../support/webapps.ts';
import { checkWebappsSwitch } from '../../support/webapps-switch.ts';

const procformOk = async (stateDir: string, args: string[]) => expectSuccess(await runCliIn(stateDir, args, { timeoutMs: 120_000 }), args);

describe('disnix deployments', () => {
  it('deploys the advanced webapps, restarts only what a change touches, restarts a crashed webapp, runs daemons, and goes down without leftovers', async () => {
    await checkWebappsSwitch('disnix');
  }, 240_000);

  it('takes -P process, writes upstream\'s Dysnomia configurations, and reports the program\'s own PID', async () => {
    const { dir, stateDir } = await copyWebappsWithState();
    await procformOk(stateDir, ['switch', join(dir, 'processes.ts'), '-P', 'process', '--force-disable-user-change']);
    const profile = join(stateDir, 'lib/procform/profiles', readlinkSync(join(stateDir, 'lib/procform/profiles/processes')));
    expect(JSON.parse(readFileSync(join(profile, 'manifest.json'), 'utf8')).processManager).toBe('disnix');
    expect(readFileSync(join(profile, 'etc/dysnomia/process/webapp'), 'utf8')).toMatch(/^process=\/.*-webapp\/bin\/webapp-process\npidFile=\/.*\/webapp\.pid\n$/);
    // Not procform-daemonize's PID (the PID file's): the webapp's.
    const webapp = statusByInstance((await procformOk(stateDir, ['status', '--json'])).stdout).webapp!;
    expect(readFileSync(`/proc/${webapp.pid}/cmdline`, 'utf8')).toContain('procform-webapp');
    const running = processesUsing(stateDir);
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir, running);
  });
});
