import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { parseDuration } from '../../model/units.ts';
import { TestRunFailedError, TestRunInterruptedError } from '../../testing/errors.ts';
import { formatFailure, formatSummary } from '../../testing/format-event.ts';
import { junitReport } from '../../testing/junit.ts';
import { createProgress } from '../../testing/progress.ts';
import { runMatrix } from '../../testing/run-matrix.ts';
import type { TestProfile, VariantResult } from '../../testing/types.ts';
import { TEST_PROFILES } from '../../testing/types.ts';

export interface TestFlags {
  processManager?: string;
  profile?: string;
  only?: string;
  junit?: string;
  jobs?: string;
  timeout?: string;
  allowSkipped?: boolean;
}

/**
 * Variants at once by default. A variant mostly waits (for a manager to start, a port to open),
 * but deploying runs Node on the CPU for about a second: on 2 CPUs the webapps matrix took 38 s
 * one at a time, and 22–27 s with 2 to 4 at a time, 4 best by a little (bench/results/test-driver.md).
 */
export function defaultJobs(): number {
  return 2 * availableParallelism();
}

/** `procform test FILE…`: every variant of the tests in sandboxes, a summary, an exit status. */
export async function test(files: string[], flags: TestFlags): Promise<void> {
  const options = {
    files: files.map((file) => resolve(file)),
    filter: {
      ...(flags.processManager && { processManagers: list(flags.processManager) }),
      ...(flags.profile && { profiles: profiles(flags.profile) }),
      ...(flags.only && { only: list(flags.only) }),
    },
    jobs: flags.jobs === undefined ? defaultJobs() : positiveInteger(flags.jobs, '--jobs'),
    ...(flags.timeout !== undefined && { timeoutMs: duration(flags.timeout) }),
  };
  const progress = createProgress(process.stdout);
  const controller = new AbortController();
  // Ctrl-C stops the variants and removes their machines; a second one quits at once (the
  // sandboxes' guards still remove the machines when this process dies).
  const interrupt = () => {
    if (controller.signal.aborted) {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      process.kill(process.pid, 'SIGINT');
      return;
    }
    progress.event({ kind: 'interrupting' });
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let outcome;
  try {
    outcome = await runMatrix({ ...options, signal: controller.signal, emit: (event) => progress.event(event) });
  } finally {
    progress.close();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  const { results, durationMs } = outcome;
  for (const result of results) if (result.status === 'failed') process.stdout.write(`\n${formatFailure(result)}`);
  process.stdout.write(`\n${formatSummary(results, durationMs)}\n`);
  if (flags.junit) writeFileSync(resolve(flags.junit), junitReport(results, durationMs));
  const count = (status: VariantResult['status']) => results.filter((result) => result.status === status).length;
  if (controller.signal.aborted) throw new TestRunInterruptedError(`interrupted: ${count('passed')} of ${results.length} variants passed before Ctrl-C`);
  const failed = count('failed');
  const skipped = flags.allowSkipped ? 0 : count('skipped');
  if (failed + skipped > 0) {
    throw new TestRunFailedError(
      [failed && `${failed} of ${results.length} variants failed`, skipped && `${skipped} ${skipped === 1 ? 'was' : 'were'} skipped`].filter(Boolean).join(', '),
      skipped ? { hint: 'Skipped variants cannot run on this machine (see their reasons); leave them out with --process-manager, or pass --allow-skipped.' } : {},
    );
  }
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function profiles(value: string): TestProfile[] {
  const names = list(value);
  for (const name of names) {
    if (!TEST_PROFILES.includes(name as TestProfile)) throw new UsageError(`--profile: "${name}" is not a profile`, { hint: `Use ${TEST_PROFILES.join(', ')}.` });
  }
  return names as TestProfile[];
}

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${option} must be a positive whole number, not "${value}"`);
  return number;
}

function duration(value: string): number {
  const ms = parseDuration(/^\d+$/.test(value) ? `${value}s` : value);
  if (ms === undefined || ms <= 0) throw new UsageError(`--timeout: "${value}" is not a duration`, { hint: 'For example --timeout 90s or --timeout 5m (a bare number is seconds).' });
  return ms;
}
