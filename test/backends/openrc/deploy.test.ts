// `procform switch -P openrc` end to end, unprivileged, with OpenRC's real rc-service and
// start-stop-daemon in a private OpenRC root: the host's runlevels and state are never touched.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSuccess, runCliIn, statusesIn } from '../../support/cli.ts';
import { expectNothingRunning, processesUsing } from '../../support/deployment-processes.ts';
import { copyWebappsWithState } from '../../support/webapps.ts';
import { checkWebappsSwitch } from '../../support/webapps-switch.ts';

const procformOk = async (stateDir: string, args: string[]) => expectSuccess(await runCliIn(stateDir, args, { timeoutMs: 120_000 }), args);

describe('openrc deployments', () => {
  it('deploys the advanced webapps, restarts only what a change touches, restarts a crashed webapp, runs daemons, and goes down without leftovers', async () => {
    await checkWebappsSwitch('openrc');
  }, 240_000);

  it('keeps OpenRC\'s state and runlevel in the deployment, not the host\'s', async () => {
    const { dir, stateDir } = await copyWebappsWithState();
    await procformOk(stateDir, ['switch', join(dir, 'processes.ts'), '-P', 'openrc', '--force-disable-user-change']);
    const root = join(stateDir, 'run/procform-openrc');
    expect(readdirSync(join(root, 'runlevels/procform')).sort()).toEqual(['nginx', 'webapp']);
    expect(readlinkSync(join(root, 'init.d/webapp'))).toMatch(/-webapp\/etc\/init\.d\/webapp$/);
    expect(readdirSync(join(root, 'svcdir/started')).sort()).toEqual(['nginx', 'webapp']);
    expect(existsSync('/run/openrc/started/webapp')).toBe(false);
    // procform-daemonize runs the program: status names the program, not procform-daemonize.
    const { pid } = (await statusesIn(stateDir)).webapp!;
    expect(pid).not.toBeNull();
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toMatch(/daemonizer/);
    const running = processesUsing(stateDir);
    await procformOk(stateDir, ['down']);
    await expectNothingRunning(stateDir, running);
    expect(readdirSync(join(root, 'svcdir/started'))).toEqual([]);
  });
});
