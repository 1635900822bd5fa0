import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/cli.ts';

const run = promisify(execFile);
const npx = (args: string[]) => run('npx', args, { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }).then(
  () => '',
  (error: { stdout: string; stderr: string }) => `${error.stdout}${error.stderr}`,
);

// Type errors and lint findings count as failures of the test run, so CI's summary line shows them.
describe('code quality', () => {
  it('typechecks (src, services, examples, tests, benchmarks)', async () => {
    expect(await npx(['tsc', '-p', 'tsconfig.check.json'])).toBe('');
  }, 120_000);

  it('passes eslint', async () => {
    expect(await npx(['eslint', '.'])).toBe('');
  }, 120_000);
});
