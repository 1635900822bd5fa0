import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProcformError, UsageError } from '../errors.ts';
import type { ModelFunction } from '../load/load-model.ts';
import { loadModel } from '../load/load-model.ts';
import { packageRoot } from '../package-root.ts';
import { checkPackages } from './check-packages.ts';
import { unsupportedReason } from './check-support.ts';
import type { TestEventSink } from './events.ts';
import { loadTests } from './load-tests.ts';
import { testManager } from './managers.ts';
import type { VariantFilter } from './plan-variants.ts';
import { planVariants } from './plan-variants.ts';
import { runVariant } from './run-variant.ts';
import type { Variant, VariantResult } from './types.ts';

export const DEFAULT_VARIANT_TIMEOUT_MS = 120_000;

export interface MatrixOptions {
  files: readonly string[];
  filter?: VariantFilter;
  /** Variants running at once. */
  jobs: number;
  /** Every variant's deadline, overriding the tests' own `timeoutMs`. */
  timeoutMs?: number;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  emit: TestEventSink;
}

export interface MatrixOutcome {
  /** In the matrix's order (tests, profiles, process managers), whatever order they ran in. */
  results: VariantResult[];
  durationMs: number;
}

/**
 * Runs every variant of the test files: loads the tests, checks their packages, plans the matrix,
 * skips what this machine cannot run (with the reason), and runs the rest, `jobs` at a time. After
 * an abort no variant starts, and running ones stop with their machines removed.
 */
export async function runMatrix(options: MatrixOptions): Promise<MatrixOutcome> {
  const started = Date.now();
  const tests = [];
  for (const file of options.files) tests.push(...(await loadTests(file)));
  checkPackages(tests);
  const variants = planVariants(tests, options.filter);
  if (variants.length === 0) {
    throw new UsageError('no variant of these tests matches the options', { hint: 'Check --process-manager, --profile and --only against the tests\' processManagers and profiles.' });
  }
  const reasons = new Map<string, string | undefined>();
  for (const processManager of new Set(variants.map((variant) => variant.processManager))) reasons.set(processManager, unsupportedReason(processManager));
  const toRun = variants.filter((variant) => reasons.get(variant.processManager) === undefined);
  if (toRun.length > 0) assertCanRun();
  const procformCommand = [process.execPath, builtCli()];

  options.emit({ kind: 'run-started', variants: variants.map((variant) => variant.id), toRun: toRun.length, jobs: options.jobs });
  const results = new Map<Variant, VariantResult>();
  for (const variant of variants) {
    const reason = reasons.get(variant.processManager);
    if (reason === undefined) continue;
    const result: VariantResult = { status: 'skipped', reason, variant, timings: {}, durationMs: 0 };
    results.set(variant, result);
    options.emit({ kind: 'variant-ended', result });
  }

  const models = new Map<string, Promise<ModelFunction>>();
  const load = (file: string) => {
    if (!models.has(file)) models.set(file, loadModel(file));
    return models.get(file)!;
  };
  // systemd machines take longest: starting them first keeps the last job from being the slow one.
  const queue = [...toRun].sort((a, b) => Number(testManager(b.processManager).init === 'systemd') - Number(testManager(a.processManager).init === 'systemd'));
  const worker = async () => {
    for (let variant = queue.shift(); variant && !options.signal.aborted; variant = queue.shift()) {
      const result = await runVariant(variant, {
        timeoutMs: options.timeoutMs ?? variant.test.options.timeoutMs ?? DEFAULT_VARIANT_TIMEOUT_MS,
        signal: options.signal,
        emit: options.emit,
        loadModel: load,
        procformCommand,
      });
      results.set(variant, result);
      options.emit({ kind: 'variant-ended', result });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, toRun.length)) }, worker));
  // Variants that never started because of an abort are reported as interrupted before they began.
  for (const variant of variants) {
    if (!results.has(variant)) results.set(variant, { status: 'interrupted', at: { phase: 'evaluate' }, variant, timings: {}, durationMs: 0 });
  }
  const ordered = variants.map((variant) => results.get(variant)!);
  const durationMs = Date.now() - started;
  options.emit({ kind: 'run-ended', results: ordered, durationMs });
  return { results: ordered, durationMs };
}

function assertCanRun(): void {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new ProcformError('procform test runs every variant in a sandbox of Linux namespaces, which needs root on Linux', {
      hint: 'Run it as root (sudo procform test …); CI runs it as root.',
    });
  }
}

/** The command line machines run: this installation's build, which every machine sees. */
function builtCli(): string {
  const main = join(packageRoot(), 'dist/src/cli/main.js');
  if (!existsSync(main)) throw new ProcformError(`procform is not built: ${main} is missing`, { hint: 'Run npm run build in the procform package.' });
  return main;
}
