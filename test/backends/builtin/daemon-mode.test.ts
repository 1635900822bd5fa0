import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webapp } from '../../../services/webapp.ts';
import type { ProcessContext } from '../../../src/model/types.ts';
import { readProcStat } from '../../../src/supervisor/proc-stat.ts';
import { freePort } from '../../support/free-port.ts';
import { httpGet } from '../../support/http.ts';
import { eventually, testDeployment } from './deployment.ts';

describe('builtin: daemon mode', () => {
  it('tracks a program that only daemonizes through its PID file: status, restart when it dies, stop', async () => {
    const deployment = testDeployment();
    const port = await freePort();
    const pidFile = join(deployment.outDir, 'webapp.pid');
    await deployment.deploy((ctx: ProcessContext) => {
      const pkg = webapp(ctx)({ port, mode: 'daemon' });
      return { webapp: { pkg: { ...pkg, environment: { ...pkg.environment, PID_FILE: pidFile }, pidFile, restart: { backoff: { initial: '10ms' } } } } };
    });
    const first = await deployment.statusOf('webapp');
    expect(first).toMatchObject({ state: 'running', ready: true });
    expect(first.pid).toBe(Number(readFileSync(pidFile, 'utf8')));
    // The daemon is not our child: it runs in a session of its own.
    expect(readProcStat(first.pid!)!.pgid).toBe(first.pid);
    expect((await httpGet(`http://127.0.0.1:${port}/`)).body).toContain(`listening on port: ${port}`);

    process.kill(first.pid!, 'SIGKILL');
    const second = await eventually(async () => {
      const status = await deployment.statusOf('webapp');
      return status.state === 'running' && status.ready && status.pid !== first.pid ? status : undefined;
    }, 10_000, 'the daemon to be restarted');
    expect(second.restarts).toBe(1);
    expect(second.pid).toBe(Number(readFileSync(pidFile, 'utf8')));

    await deployment.deploy(() => ({}));
    // Gone (PID 1 may not have reaped its zombie yet).
    expect(readProcStat(second.pid!)?.state ?? 'Z').toBe('Z');
  });
});
