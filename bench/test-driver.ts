// Benchmark of the test driver (src/testing): how long one variant of the webapps examples takes,
// split into its phases, for every process manager and profile; and how long the whole
// matrix takes at several degrees of parallelism.
//
//   npm run build && npx jiti bench/test-driver.ts
//
// Run by hand as root, never part of `npm test`. Writes bench/results/test-driver.md (OUT=name.md
// another file). REPS=N sets the repetitions of the sequential runs (default 3), JOBS=1,2,3,4 the
// parallelism of the matrix runs (JOBS= none), MANAGERS=builtin,s6-rc,… the process managers (default
// every one the test lists). Other work on the machine skews absolute times: the load average is
// recorded per run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { columnTime, SUMMARY_COLUMNS } from '../src/testing/format-event.ts';
import type { VariantResult } from '../src/testing/index.ts';
import { runMatrix } from '../src/testing/index.ts';

const reps = Number(process.env.REPS ?? 3);
const jobsList = (process.env.JOBS ?? '1,2,3,4').split(',').filter(Boolean).map(Number);
const processManagers = process.env.MANAGERS?.split(',').filter(Boolean);
const filter = processManagers === undefined ? {} : { filter: { processManagers } };
const out = process.env.OUT ?? 'test-driver.md';
const testFile = fileURLToPath(new URL('../examples/webapps/test.ts', import.meta.url));
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () => loadavg()[0]!.toFixed(1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function matrix(jobs: number): Promise<{ results: VariantResult[]; durationMs: number; load: string }> {
  const before = load();
  const outcome = await runMatrix({ files: [testFile], jobs, ...filter, signal: new AbortController().signal, emit: () => {} });
  const failed = outcome.results.filter((result) => result.status !== 'passed');
  if (failed.length > 0) throw new Error(`not every variant passed: ${failed.map((result) => `${result.variant.id} ${result.status}`).join(', ')}`);
  return { ...outcome, load: `${before} → ${load()}` };
}

// One run unmeasured: the first machines read their programs from disk.
log('warm-up run');
await matrix(4);

// Sequential: one variant at a time, so that each variant's phases are its own.
const sequential: VariantResult[][] = [];
const sequentialRuns: string[] = [];
for (let rep = 1; rep <= reps; rep++) {
  const run = await matrix(1);
  log(`sequential run ${rep}/${reps}: ${seconds(run.durationMs)} (load ${run.load})`);
  sequential.push(run.results);
  sequentialRuns.push(`${seconds(run.durationMs)} (load ${run.load})`);
}
const variantRows = sequential[0]!.map((first, index) => {
  const runs = sequential.map((results) => results[index]!);
  const cells = SUMMARY_COLUMNS.map((column) => seconds(median(runs.map((result) => columnTime(result, column.phases) ?? 0))));
  return `| ${first.variant.id} | ${cells.join(' | ')} | **${seconds(median(runs.map((result) => result.durationMs)))}** |`;
});

// Per process manager: the median total over both models, both profiles and every repetition.
const managers = [...new Set(sequential[0]!.map((result) => result.variant.processManager))];
const managerRows = managers.map((manager) => {
  const totals = sequential.flat().filter((result) => result.variant.processManager === manager);
  const cells = SUMMARY_COLUMNS.map((column) => seconds(median(totals.map((result) => columnTime(result, column.phases) ?? 0))));
  const worst = Math.max(...totals.map((result) => result.durationMs));
  return `| ${manager} | ${cells.join(' | ')} | **${seconds(median(totals.map((result) => result.durationMs)))}** | ${seconds(worst)} |`;
});

// The whole matrix, in parallel. Degrees of parallelism take turns within each repetition, so that
// the load other work puts on the machine drifts over all of them alike.
const matrixRuns = new Map<number, { durationMs: number; load: string }[]>(jobsList.map((jobs) => [jobs, []]));
for (let rep = 1; rep <= reps; rep++) {
  for (const jobs of jobsList) {
    const run = await matrix(jobs);
    log(`matrix with ${jobs} jobs (${rep}/${reps}): ${seconds(run.durationMs)} (load ${run.load})`);
    matrixRuns.get(jobs)!.push(run);
  }
}
const matrixRows = [...matrixRuns].map(([jobs, runs]) => {
  const durations = runs.map((run) => run.durationMs);
  return `| ${jobs} | **${seconds(median(durations))}** | ${seconds(Math.min(...durations))} – ${seconds(Math.max(...durations))} | ${runs.map((run) => run.load).join('; ')} |`;
});

const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*: (.*)/)?.[1] ?? 'unknown CPU';
const report = `# Test driver benchmark

\`npm run build && npx jiti bench/test-driver.ts\` (REPS=${reps}), ${new Date().toISOString().slice(0, 10)}: Linux ${release()}, ${availableParallelism()} CPUs (${cpu}).
The machine is shared with other engineers' test runs: the load average (1 min) is given per run, before → after.

The test is examples/webapps/test.ts: webapps (1 webapp + nginx) and webapps-advanced (6 webapps + 2 nginx), each
under ${managers.length} process managers (${managers.join(', ')}) × 2 profiles. *up* = evaluating the model + creating the machine (systemd: booted);
*deploy* = \`procform switch\` inside the machine (build, accounts, starting everything until ready);
*ready* = the test's readiness functions (waitForOpenPort per instance); *tests* = curl through every nginx and to
every webapp, and the users of every process; *teardown* = removing the machine.

## One variant at a time (median of ${reps})

| variant | up | deploy | ready | tests | teardown | total |
|---|---|---|---|---|---|---|
${variantRows.join('\n')}

Sequential runs of all ${variantRows.length}: ${sequentialRuns.join('; ')}.

## Per process manager (median over both models and profiles)

| process manager | up | deploy | ready | tests | teardown | total | slowest |
|---|---|---|---|---|---|---|---|
${managerRows.join('\n')}

${
  matrixRows.length === 0
    ? ''
    : `
## The ${variantRows.length}-variant matrix (median of ${reps})

| jobs | wall time | range | load per run |
|---|---|---|---|
${matrixRows.join('\n')}
`
}`;
mkdirSync(fileURLToPath(new URL('results/', import.meta.url)), { recursive: true });
writeFileSync(fileURLToPath(new URL(`results/${out}`, import.meta.url)), report);
process.stdout.write(report);
