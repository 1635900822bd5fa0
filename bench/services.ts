// Benchmark of the services library's tests: how long each variant of each service model takes
// (split into its phases) when the whole suite runs as CI runs it, and how long the whole suite
// takes at several degrees of parallelism.
//
//   npm run build && npx jiti bench/services.ts
//
// Run by hand as root, never part of `npm test`. Writes bench/results/services.md. JOBS=2,4,6 sets
// the parallelism of the runs; the per-variant table comes from the run with CI's default (4).
// Other work on the machine skews absolute times: the load average is recorded per run.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { columnTime, SUMMARY_COLUMNS } from '../src/testing/format-event.ts';
import type { VariantResult } from '../src/testing/index.ts';
import { runMatrix } from '../src/testing/index.ts';

const jobsList = (process.env.JOBS ?? '2,4,6').split(',').map(Number);
const ciJobs = 4;
const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const files = [
  ...readdirSync(path('../examples/services/'))
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => path(`../examples/services/${file}`)),
  path('../examples/tomcat-mariadb/test.ts'),
  path('../examples/build-queue/test.ts'),
];
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => loadavg()[0]!.toFixed(1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function suite(jobs: number): Promise<{ results: VariantResult[]; durationMs: number; load: string }> {
  const before = load();
  const outcome = await runMatrix({ files, jobs, signal: new AbortController().signal, emit: () => {} });
  const failed = outcome.results.filter((result) => result.status !== 'passed');
  if (failed.length > 0) {
    const reasons = failed.map((result) => `${result.variant.id} ${result.status}${result.status === 'failed' ? ` in ${result.at.phase}: ${result.message}` : ''}`);
    throw new Error(`not every variant passed:\n${reasons.join('\n')}`);
  }
  return { ...outcome, load: `${before} → ${load()}` };
}

const runs = new Map<number, Awaited<ReturnType<typeof suite>>>();
for (const jobs of jobsList) {
  const run = await suite(jobs);
  log(`${run.results.length} variants with ${jobs} jobs: ${seconds(run.durationMs)} (load ${run.load})`);
  runs.set(jobs, run);
}
const ciRun = runs.get(ciJobs) ?? [...runs.values()][0]!;

const phaseCells = (result: VariantResult) => SUMMARY_COLUMNS.map((column) => seconds(columnTime(result, column.phases) ?? 0));
const variantRows = ciRun.results.map((result) => `| ${result.variant.id} | ${phaseCells(result).join(' | ')} | **${seconds(result.durationMs)}** |`);

// Per test (a service, or a larger example): its slowest and median variant, so that the slow ones stand out.
const tests = [...new Set(ciRun.results.map((result) => result.variant.test.name))];
const testRows = tests.map((test) => {
  const durations = ciRun.results.filter((result) => result.variant.test.name === test).map((result) => result.durationMs);
  return `| ${test} | ${seconds(median(durations))} | ${seconds(Math.max(...durations))} |`;
});
const suiteRows = [...runs].map(([jobs, run]) => `| ${jobs} | **${seconds(run.durationMs)}** | ${run.load} |`);

const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*: (.*)/)?.[1] ?? 'unknown CPU';
const report = `# Services library benchmark

\`npm run build && npx jiti bench/services.ts\` (JOBS=${jobsList.join(',')}), ${new Date().toISOString().slice(0, 10)}: Linux ${release()}, ${availableParallelism()} CPUs (${cpu}).
The machine is shared with other engineers' test runs: the load average (1 min) is given per run, before → after.

The suite is every service model's test (examples/services/*.test.ts) and the seed's larger examples
(examples/tomcat-mariadb, examples/build-queue), each under builtin, sysvinit and supervisord, privileged
and unprivileged: ${ciRun.results.length} variants, what \`npm test\` runs (test/services/services-matrix.test.ts).

## The whole suite

| jobs | wall time | load |
|---|---|---|
${suiteRows.join('\n')}

## Per test, with ${ciJobs} jobs (as CI)

| test | median variant | slowest variant |
|---|---|---|
${testRows.join('\n')}

## Every variant, with ${ciJobs} jobs (as CI)

Variants run ${ciJobs} at a time here, so each one's time includes waiting for the CPU the others use.
*up* = evaluating the model and creating the machine; *deploy* = \`procform switch\` inside it (build,
accounts, first-start initialisation such as initdb, starting everything until ready); *ready* = the test's
readiness functions; *tests* = the client checks (tests and postTests); *teardown* = removing the machine.

| variant | ${SUMMARY_COLUMNS.map((column) => column.title.toLowerCase()).join(' | ')} | total |
|---|${SUMMARY_COLUMNS.map(() => '---').join('|')}|---|
${variantRows.join('\n')}
`;
mkdirSync(path('results/'), { recursive: true });
writeFileSync(path('results/services.md'), report);
process.stdout.write(report);
