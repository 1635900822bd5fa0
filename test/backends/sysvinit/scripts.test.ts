// The generated init scripts run directly, as an administrator would: modes, LSB exit codes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpGet } from '../../support/http.ts';
import { argvOf, expectNothingRunning } from '../../support/deployment-processes.ts';
import type { WebappsCopyWithState } from '../../support/webapps.ts';
import { copyWebappsWithState } from '../../support/webapps.ts';
import { pidIn, procformOk } from './support.ts';
import { patiently } from '../../support/eventually.ts';

/** Builds the webapps example in a mode and returns a runner for its webapp script. */
async function webappScript(copy: WebappsCopyWithState, mode: string) {
  const built = await procformOk(copy.stateDir, ['build', join(copy.dir, 'processes.ts'), '--extra-params', JSON.stringify({ webappMode: mode })]);
  const script = join(built.stdout.trim(), 'etc/rc.d/init.d/webapp');
  return (activity: string) => {
    const result = spawnSync(script, [activity], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  };
}

describe('sysvinit scripts run directly', () => {
  for (const [mode, expectation] of [
    ['daemon', 'the daemon itself (webapp -D forks)'],
    ['automatic', 'the daemon, as upstream prefers'],
    ['foreground', 'procform-daemonize, which runs the webapp'],
  ] as const) {
    it(`start, serve, stop the webapp in ${mode} mode: the PID file names ${expectation}`, async () => {
      const copy = await copyWebappsWithState();
      const run = await webappScript(copy, mode);
      const started = run('start');
      expect(started, started.output).toMatchObject({ code: 0 });
      expect(started.output).toBe('Starting Simple web application... done.\n');
      expect((await httpGet(`http://127.0.0.1:${copy.ports.webapp}/`)).body).toContain(`listening on port: ${copy.ports.webapp}`);

      const pid = pidIn(join(copy.stateDir, 'tmp/webapp.pid'));
      const argv = argvOf(pid);
      if (mode === 'foreground') expect(argv.some((word) => word.endsWith('daemonizer/main.js'))).toBe(true);
      else expect(argv).toContain('--procform-daemon-child');

      expect(run('stop')).toMatchObject({ code: 0, output: 'Stopping Simple web application... done.\n' });
      await expectNothingRunning(copy.stateDir);
    });
  }

  it('answers with LSB exit codes: status 0/1/3, start and stop idempotent, reload 7 when stopped, 3 for unknown activities', async () => {
    const copy = await copyWebappsWithState();
    const run = await webappScript(copy, 'foreground');
    expect(run('status')).toEqual({ code: 3, output: 'webapp is not running.\n' });
    expect(run('stop').code).toBe(0); // stopping what is stopped succeeds
    expect(run('reload').code).toBe(7);
    expect(run('start').code).toBe(0);
    const pidFile = join(copy.stateDir, 'tmp/webapp.pid');
    const pid = pidIn(pidFile);
    expect(run('status')).toEqual({ code: 0, output: `webapp is running with process ID ${pid}.\n` });
    expect(run('start').code).toBe(0); // starting what runs succeeds and changes nothing
    expect(pidIn(pidFile)).toBe(pid);

    process.kill(pid, 'SIGKILL'); // the supervisor dies alone: its webapp is orphaned
    await expect.poll(() => run('status').code, patiently).toBe(1);
    expect(run('status').output).toBe(`webapp is not running, but ${pidFile} exists.\n`);
    // stop clears what is left of the group (the orphan) and the PID file
    expect(run('stop').code).toBe(0);
    await expectNothingRunning(copy.stateDir);
    expect(run('status').code).toBe(3);

    const usage = run('frobnicate');
    expect(usage.code).toBe(3);
    expect(usage.output).toMatch(/^Usage: .* \{start\|stop\|reload\|restart\|status\|force-reload\}/);
  });

  it('restarts: stop, then start with a new process', async () => {
    const copy = await copyWebappsWithState();
    const run = await webappScript(copy, 'daemon');
    expect(run('start').code).toBe(0);
    const pidFile = join(copy.stateDir, 'tmp/webapp.pid');
    const first = pidIn(pidFile);
    expect(run('restart')).toMatchObject({ code: 0, output: 'Stopping Simple web application... done.\nStarting Simple web application... done.\n' });
    expect(pidIn(pidFile)).not.toBe(first);
    expect(run('stop').code).toBe(0);
    await expectNothingRunning(copy.stateDir);
  });
});
