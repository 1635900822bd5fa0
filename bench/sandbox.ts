// Benchmark of sandboxes (src/sandbox): how long a "machine" takes to create, boot and remove, what
// running a command in it costs, and how much memory it holds, for each profile and init.
//
//   npm run build && npx jiti bench/sandbox.ts
//
// Run by hand as root, never part of `npm test`. Writes bench/results/sandbox.md. REPS=N sets the
// repetitions (default 10). Other work on the machine skews absolute times: the load average is
// recorded with the results.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Sandbox, SandboxInit, SandboxProfile } from '../src/sandbox/index.ts';
import { createSandbox } from '../src/sandbox/index.ts';

const reps = Number(process.env.REPS ?? 10);
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

function stats(values: number[]): { avg: number; min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    avg: values.reduce((sum, value) => sum + value, 0) / values.length,
    min: sorted[0]!,
    median: sorted[Math.floor(sorted.length / 2)]!,
    max: sorted[sorted.length - 1]!,
  };
}

const row = (label: string, values: number[]) => {
  const { avg, min, median, max } = stats(values);
  return `| ${label} | ${ms(avg)} | ${ms(min)} | ${ms(median)} | ${ms(max)} |`;
};

// Memory charged to the sandbox's cgroup (its processes and the tmpfs pages they wrote), where a
// memory controller is there to count it: cgroup v1 memory, or cgroup2 with memory enabled.
function memoryMiB(sandbox: Sandbox): number | undefined {
  for (const folder of sandbox.cgroups) {
    for (const file of ['memory.usage_in_bytes', 'memory.current']) {
      if (existsSync(`${folder}/${file}`)) return Number(readFileSync(`${folder}/${file}`, 'utf8')) / 2 ** 20;
    }
  }
  return undefined;
}

const variants: { profile: SandboxProfile; init: SandboxInit }[] = [
  { profile: 'privileged', init: 'none' },
  { profile: 'unprivileged', init: 'none' },
  { profile: 'privileged', init: 'systemd' },
  { profile: 'unprivileged', init: 'systemd' },
];

const load = loadavg().map((value) => value.toFixed(2)).join(' ');
const lifecycleRows: string[] = [];
const bootRows: string[] = [];
const memoryRows: string[] = [];

// One sandbox of each kind first, unmeasured: the first overlay and the first systemd boot read
// their files from disk.
for (const variant of variants) await (await createSandbox(variant)).destroy();

for (const variant of variants) {
  const label = `${variant.profile}, init ${variant.init}`;
  const create: number[] = [];
  const destroy: number[] = [];
  const userspace: number[] = [];
  const memory: number[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    let started = performance.now();
    const sandbox = await createSandbox(variant);
    create.push(performance.now() - started);
    if (variant.init === 'systemd') {
      const analyze = await sandbox.succeed('systemd-analyze', { user: 'root' });
      const match = /in ([\d.]+)(ms|s) \(userspace\)/.exec(analyze);
      if (match) userspace.push(Number(match[1]) * (match[2] === 's' ? 1000 : 1));
    }
    const mib = memoryMiB(sandbox);
    if (mib !== undefined) memory.push(mib);
    started = performance.now();
    await sandbox.destroy();
    destroy.push(performance.now() - started);
  }
  log(`${label}: create ${ms(stats(create).median)}, destroy ${ms(stats(destroy).median)}`);
  lifecycleRows.push(row(`create (${label})`, create), row(`destroy (${label})`, destroy));
  if (userspace.length > 0) bootRows.push(row(`systemd's own boot, userspace (${variant.profile})`, userspace));
  if (memory.length > 0) memoryRows.push(`| ${label} | ${stats(memory).median.toFixed(1)} MiB |`);
}

// Entering a sandbox: the cost every exec pays.
const execRows: string[] = [];
for (const variant of [variants[1]!, variants[3]!]) {
  const sandbox = await createSandbox(variant);
  for (const user of ['root', 'unprivileged'] as const) {
    const times: number[] = [];
    for (let rep = 0; rep < reps * 5; rep += 1) {
      const started = performance.now();
      await sandbox.succeed(['true'], { user });
      times.push(performance.now() - started);
    }
    execRows.push(row(`exec \`true\` as ${user} (init ${variant.init})`, times));
  }
  await sandbox.destroy();
}
log('exec done');

// Several machines at once, as a test matrix would make them.
const parallelRows: string[] = [];
for (const init of ['none', 'systemd'] as const) {
  const times: number[] = [];
  for (let rep = 0; rep < Math.max(1, Math.floor(reps / 2)); rep += 1) {
    const started = performance.now();
    const sandboxes = await Promise.all([1, 2, 3, 4].map(() => createSandbox({ profile: 'unprivileged', init })));
    times.push(performance.now() - started);
    await Promise.all(sandboxes.map((sandbox) => sandbox.destroy()));
  }
  parallelRows.push(row(`4 unprivileged sandboxes at once, init ${init} (all ready)`, times));
}
log('parallel done');

const header = '| | avg | min | median | max |\n|---|---|---|---|---|';
const report = `# Sandbox benchmark

Written by \`bench/sandbox.ts\` (${new Date().toISOString().slice(0, 10)}): ${reps} repetitions per row
(exec: ${reps * 5}; parallel: ${Math.max(1, Math.floor(reps / 2))}), after one unmeasured warm-up
sandbox of each kind. Machine: ${availableParallelism()} CPUs, Linux ${release()}, Node ${process.version};
load average at the start: ${load}, at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}.

"create" is until the sandbox runs commands; with systemd, until \`systemctl is-system-running\`
answers running (and, for the unprivileged profile, the user manager runs). "destroy" is until
every process, namespace and cgroup folder is gone.

## Create and destroy

${header}
${lifecycleRows.join('\n')}

## systemd boot, as systemd-analyze reports it

${header}
${bootRows.join('\n')}

## Running a command inside

${header}
${execRows.join('\n')}

## Parallel creation

${header}
${parallelRows.join('\n')}

## Memory charged to a sandbox's cgroup after creation (median)

| | memory |
|---|---|
${memoryRows.join('\n')}
`;

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(`${resultsDir}sandbox.md`, report);
log(`wrote ${resultsDir}sandbox.md`);
