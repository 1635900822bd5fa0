import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { testDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

describe('builtin: restarts', () => {
  it('restarts a crash loop at once, then with growing delays, then fails the switch and says why, with the last log lines', async () => {
    const deployment = testDeployment();
    const starts = join(deployment.outDir, 'starts');
    // It exits at once: no run counts as started (1 s up), so after START_RETRIES restarts the start fails.
    await expect(
      deployment.deploy(() => ({
        crasher: {
          pkg: createManagedProcess({
            process: '/bin/sh',
            args: ['-c', `date +%s%N >> ${starts}; echo "cannot open database"; exit 3`],
            restart: { policy: 'on-failure', backoff: { initial: '100ms', multiplier: 2, max: '10s', maxRestarts: 10, resetAfter: '60s' } },
          }),
        },
      })),
    ).rejects.toThrow(/instance "crasher" failed: exited 3; it ended before it counted as started \(1 s up, or its readiness check passed\) 4 times in a row\nlast lines of .*crasher\.log:\n {2}cannot open database/);
    const failed = await deployment.statusOf('crasher');
    expect(failed).toMatchObject({ state: 'failed', pid: null, restarts: 3, ready: false });
    const times = readFileSync(starts, 'utf8').trim().split('\n').map((line) => Number(BigInt(line) / 1_000_000n));
    expect(times).toHaveLength(4);
    const delays = times.slice(1).map((time, index) => time - times[index]!);
    // At least 0, 100, 200 ms: a start also takes time, more on a loaded machine (the schedule
    // itself is test/runtime/backoff.test.ts's).
    [0, 100, 200].forEach((expected, index) => expect(delays[index]).toBeGreaterThanOrEqual(expected));
  });

  it('explains a missing command and a crash in words', async () => {
    const deployment = testDeployment();
    await expect(
      deployment.deploy(() => ({
        missing: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', 'exec no-such-command-anywhere'], restart: 'no' }) },
        segfault: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', 'kill -SEGV $$'], restart: 'no' }) },
      })),
    ).rejects.toThrow(/instance "missing" failed: exited 127: command not found[^]*instance "segfault" failed: was killed by SIGSEGV/);
    const [missing, segfault] = await eventually(async () => {
      const statuses = await deployment.status();
      return statuses.every((status) => status.state === 'failed') ? statuses : undefined;
    });
    expect(missing!.reason).toMatch(/^exited 127: command not found; restart policy is 'no'\nlast lines of .*\n {2}.*no-such-command-anywhere: not found/);
    expect(segfault!.reason).toMatch(/^was killed by SIGSEGV \(segmentation fault\); restart policy is 'no'/);
  });

  it('quotes output still on its way when the process exits, such as a child\'s last words', async () => {
    const deployment = testDeployment();
    // The shell exits at once; its child writes to the same pipe 50 ms later, then ends too.
    await expect(
      deployment.deploy(() => ({
        wrapper: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', '(sleep 0.05; echo "the last words") & exit 4'], restart: 'no' }) },
      })),
    ).rejects.toThrow(/instance "wrapper" failed: exited 4; restart policy is 'no'\nlast lines of .*wrapper\.log:\n {2}the last words/);
    const failed = await eventually(async () => {
      const status = await deployment.statusOf('wrapper');
      return status.state === 'failed' ? status : undefined;
    });
    expect(failed.reason).toMatch(/^exited 4; restart policy is 'no'\nlast lines of .*wrapper\.log:\n {2}the last words$/);
  });

  it("restarts a process that exits 0 only under 'always'", async () => {
    const deployment = testDeployment();
    // `once` did its work: a start that succeeded. `again` runs long enough for each run to count as started.
    await deployment.deploy(() => ({
      once: { pkg: createManagedProcess({ process: '/bin/true', restart: 'on-failure' }) },
      again: {
        pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', 'sleep 1.1'], restart: { policy: 'always', backoff: { initial: '10ms', maxRestarts: 100 } } }),
      },
    }));
    await eventually(async () => ((await deployment.statusOf('again')).restarts! >= 3 ? true : undefined), 20_000, 'three restarts of again');
    expect(await deployment.statusOf('once')).toMatchObject({ state: 'stopped', restarts: 0 });
  });
});
