import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cli.ts';

const fixture = fileURLToPath(new URL('./fixtures/summary/', import.meta.url));

function runFixture(env: Record<string, string>) {
  const vitest = `${repoRoot}node_modules/vitest/vitest.mjs`;
  return spawnSync(process.execPath, [vitest, 'run', '--root', fixture], { cwd: fixture, env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('the summary line', () => {
  it('counts passed, failed (a failing hook too), skipped and known failures, and names what was skipped', () => {
    const run = runFixture({ CI: '1' });
    expect(run.stdout).toContain('skipped: outcomes.check.ts > is skipped');
    // The test below the failing hook is skipped, and the hook counts as a failure.
    expect(run.stdout).toContain('skipped: outcomes.check.ts > under a hook that fails > never runs');
    const [counts, summary] = run.stdout.trimEnd().split('\n').slice(-2);
    expect(counts).toBe('2 skipped (each counted as failed), 1 known failures');
    // The last line is the one CI reads: in CI the skipped tests count as failed.
    expect(summary).toBe('1 passed, 4 failed');
    expect(run.status).not.toBe(0);
  });

  it('fails a run in CI that skipped a test, even when nothing failed', () => {
    const run = runFixture({ CI: '1' });
    expect(run.stdout).toContain('In CI and as root every test must run: this run fails.');
  });
});
