import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supervisordDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => {
  const failing = (params) => createManagedProcess({
    foregroundProcess: '/bin/sh',
    foregroundProcessArgs: ['-c', 'echo "cannot start: missing config" >&2; exit 3'],
    ...params,
  });
  // Without a readiness check, a program that is never restarted counts as started once spawned
  // (supervisord: startsecs=0); with one, it must pass it.
  const once = failing({ restart: 'no', readiness: { kind: 'file', path: '/nonexistent/ready' } });
  const retried = failing({ restart: { policy: 'on-failure', backoff: { maxRestarts: 1 } } });
  const dependent = createManagedProcess({ process: '/bin/sleep', args: ['1000'], dependencies: [once] });
  return { once: { pkg: once }, retried: { pkg: retried }, dependent: { pkg: dependent } };
});
`;

const fixed = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => {
  const once = createManagedProcess({ process: '/bin/sleep', args: ['1000'] });
  const retried = createManagedProcess({ process: '/bin/sleep', args: ['1001'] });
  const dependent = createManagedProcess({ process: '/bin/sleep', args: ['1000'], dependencies: [once] });
  return { once: { pkg: once }, retried: { pkg: retried }, dependent: { pkg: dependent } };
});
`;

// Up (and so deployed: it ran its first second) for five seconds, then it ends for good.
const crashing = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({
  crashing: { pkg: createManagedProcess({ foregroundProcess: '/bin/sh', foregroundProcessArgs: ['-c', 'sleep 5; echo boom; exit 4'], restart: 'no' }) },
}));
`;

describe('supervisord programs that fail', () => {
  it('fail the switch with the reason and the last log lines; dependents are not started', async () => {
    const deployment = supervisordDeployment();
    const file = join(deployment.dir, 'failing.ts');
    writeFileSync(file, model);
    const result = await deployment.cli(['switch', '-P', 'supervisord', '--force-disable-user-change', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed\s+once: EXITED: exited 3\n\s*last lines of \S+:\n\s+cannot start: missing config/);
    expect(result.stderr).toMatch(/failed\s+retried: FATAL: .*\n\s*last lines of \S+:\n\s+cannot start: missing config/);
    expect(result.stderr).toMatch(/error: instance "(once|retried)" failed: /);
    expect(result.stderr).not.toContain('starting dependent');

    // A fixed model repairs the failed switch.
    writeFileSync(file, fixed);
    const repaired = await deployment.switchTo(file);
    expect(repaired.stderr).toContain('repairing');
    const statuses = await deployment.status();
    expect(Object.values(statuses).map((status) => status.pid !== null)).toEqual([true, true, true]);
  });

  it('show in the status why a program ended, and are started again by the next switch', async () => {
    const deployment = supervisordDeployment();
    const file = join(deployment.dir, 'crashing.ts');
    writeFileSync(file, crashing);
    await deployment.switchTo(file);
    const crashed = await eventually(async () => {
      const status = (await deployment.status()).crashing!;
      return status.state === 'failed' && status;
    }, 20_000, 'crashing to fail');
    expect(crashed.reason).toMatch(/^EXITED: exited 4\nlast lines of \S+:\n {2}boom$/);
    const table = await deployment.cli(['status']);
    expect(table.stdout).toMatch(/crashing\s+failed/);

    // The same model again: the program is unchanged but not running, so the switch starts it.
    const again = await deployment.switchTo(file);
    expect(again.stderr).toMatch(/starting crashing[\s\S]*0 started, 0 stopped, 1 unchanged/);
    expect((await deployment.status()).crashing!.state).not.toBe('failed');
  });
});
