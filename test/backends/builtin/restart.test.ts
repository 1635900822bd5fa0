import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManagedProcess } from '../../../src/model/create-managed-process.ts';
import { testDeployment } from './deployment.ts';
import { eventually } from '../../support/eventually.ts';

describe('builtin: restarts', () => {
  it('restarts with growing delays, then fails and says why, with the last log lines', async () => {
    const deployment = testDeployment();
    const starts = join(deployment.outDir, 'starts');
    await deployment.deploy(() => ({
      crasher: {
        pkg: createManagedProcess({
          process: '/bin/sh',
          args: ['-c', `date +%s%N >> ${starts}; echo "cannot open database"; exit 3`],
          restart: { policy: 'on-failure', backoff: { initial: '100ms', multiplier: 2, max: '10s', maxRestarts: 4, resetAfter: '60s' } },
        }),
      },
    }));
    const failed = await eventually(async () => {
      const status = await deployment.statusOf('crasher');
      return status.state === 'failed' ? status : undefined;
    }, 15_000, 'the instance to fail');
    expect(failed).toMatchObject({ pid: null, restarts: 4, ready: false });
    expect(failed.reason).toMatch(/^exited 3; gave up after 4 restarts without a run of 60000 ms\nlast lines of .*crasher\.log:\n {2}cannot open database/);
    const times = readFileSync(starts, 'utf8').trim().split('\n').map((line) => Number(BigInt(line) / 1_000_000n));
    expect(times).toHaveLength(5);
    const delays = times.slice(1).map((time, index) => time - times[index]!);
    // At least 100, 200, 400, 800 ms: a start also takes time, more on a loaded machine (the
    // schedule itself is test/runtime/backoff.test.ts's).
    [100, 200, 400, 800].forEach((expected, index) => expect(delays[index]).toBeGreaterThanOrEqual(expected));
  });

  it('explains a missing command and a crash in words', async () => {
    const deployment = testDeployment();
    await deployment.deploy(() => ({
      missing: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', 'exec no-such-command-anywhere'], restart: 'no' }) },
      segfault: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', 'kill -SEGV $$'], restart: 'no' }) },
    }));
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
    await deployment.deploy(() => ({
      wrapper: { pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', '(sleep 0.05; echo "the last words") & exit 4'], restart: 'no' }) },
    }));
    const failed = await eventually(async () => {
      const status = await deployment.statusOf('wrapper');
      return status.state === 'failed' ? status : undefined;
    });
    expect(failed.reason).toMatch(/^exited 4; restart policy is 'no'\nlast lines of .*wrapper\.log:\n {2}the last words$/);
  });

  it("restarts a process that exits 0 only under 'always'", async () => {
    const deployment = testDeployment();
    await deployment.deploy(() => ({
      once: { pkg: createManagedProcess({ process: '/bin/true', restart: 'on-failure' }) },
      again: {
        pkg: createManagedProcess({ process: '/bin/sh', args: ['-c', 'sleep 0.05'], restart: { policy: 'always', backoff: { initial: '10ms', maxRestarts: 100 } } }),
      },
    }));
    await eventually(async () => ((await deployment.statusOf('again')).restarts! >= 3 ? true : undefined));
    expect(await deployment.statusOf('once')).toMatchObject({ state: 'stopped', restarts: 0 });
  });
});
