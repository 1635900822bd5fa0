// Benchmark of procform's builtin supervisor against supervisord, PM2 and a plain Node spawn loop,
// on the same workload and in the same run (absolute times drift between machines; ratios do not).
//
//   npm run build && (cd bench && npm install) && npx jiti bench/builtin.ts
//
// Needs busybox-static and supervisor (apt). Run by hand, as root or not; never part of `npm test`.
// REPS=N sets the repetitions (default 5; 3 for the slow figures). PARTS picks what runs, among
// cold (start and stop at N = 10, 100, 500, RSS at 100), rss (only N = 100 and the RSS figures),
// switch, restart, logs (200 MB without rotation, RSS during the write), rotate (200 MB with
// rotation); default all. Only a run of every part writes bench/results/builtin.md; a partial run
// prints its tables.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../test/support/free-port.ts';
import { floorManager } from './managers/floor.ts';
import { pm2Manager } from './managers/pm2.ts';
import { procformManager } from './managers/procform.ts';
import { supervisordManager } from './managers/supervisord.ts';
import type { Burst, Manager } from './managers/types.ts';
import { countLines, cpuSeconds, httpdByPort, median, rssMiB, sleep, waitAllAnswer, waitLogComplete, waitNoHttpd, waitTcp } from './support.ts';

const allParts = ['cold', 'rss', 'switch', 'restart', 'logs', 'rotate'];
const parts = new Set(process.env.PARTS ? process.env.PARTS.split(',') : allParts);
const unknown = [...parts].filter((part) => !allParts.includes(part));
if (unknown.length > 0) throw new Error(`PARTS: unknown ${unknown.join(', ')}; known: ${allParts.join(', ')}`);
const complete = allParts.every((part) => parts.has(part));
const reps = Number(process.env.REPS ?? 5);
const slowReps = Math.min(reps, 3);
const workDir = mkdtempSync(join(tmpdir(), 'pf-bench-'));
const managers: Manager[] = [procformManager(workDir), supervisordManager(workDir), pm2Manager(workDir), floorManager(workDir)];
const allPorts = await freePorts(502);
const ports500 = allPorts.slice(0, 500);
const spare = allPorts.slice(500);
const loadAtStart = loadavg()[0]!;
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

type Table = Map<string, Map<string, string>>;
const tables = new Map<string, Table>();
const put = (table: string, row: string, column: string, value: string) => {
  const rows = tables.get(table) ?? new Map<string, Map<string, string>>();
  tables.set(table, rows);
  const cells = rows.get(row) ?? new Map<string, string>();
  rows.set(row, cells);
  cells.set(column, value);
};
const load = () => loadavg()[0]!.toFixed(1);
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

try {
  if (parts.has('cold') || parts.has('rss')) await coldStarts(parts.has('cold') ? [10, 100, 500] : [100]);
  if (parts.has('cold') || parts.has('rss')) await bareNodeRss();
  if (parts.has('switch')) await switches();
  if (parts.has('restart')) await restarts();
  if (parts.has('logs')) await logThroughput(null);
  if (parts.has('rotate')) await logThroughput({ maxBytes: 10 * 1024 * 1024, keep: 30 });
} finally {
  for (const manager of managers) await manager.shutdown().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
}
writeResults();

/** Launch → every port answers, N = 10, 100, 500, with the manager not running before; stop → every child gone; RSS at 100. */
async function coldStarts(sizes: number[]): Promise<void> {
  for (const n of sizes) {
    const ports = ports500.slice(0, n);
    for (const manager of managers) {
      const ready: number[] = [];
      const stopped: number[] = [];
      const rss: number[] = [];
      for (let rep = 0; rep < (n === 500 ? slowReps : reps); rep += 1) {
        await manager.prepare(ports);
        const started = Date.now();
        await manager.launch(ports);
        ready.push(await waitAllAnswer(ports, started));
        if (n === 100) {
          await sleep(1000);
          rss.push(rssMiB(manager.managerPids()));
        }
        const stopping = Date.now();
        await manager.shutdown();
        stopped.push(await waitNoHttpd(ports, stopping));
      }
      log(`cold start N=${n} ${manager.name}: ${ready.join(', ')} ms; stop ${stopped.join(', ')} ms`);
      put('Cold start: launch → every child answers HTTP (median)', `N = ${n}`, manager.name, ms(median(ready)));
      put('Stop: every child gone (median)', `N = ${n}`, manager.name, ms(median(stopped)));
      if (n === 100) put('Manager RSS with 100 children (median)', 'RSS', manager.name, `${median(rss).toFixed(1)} MiB (load ${load()})`);
    }
  }
}

/** The yardstick for the supervisor's memory: a Node process that does nothing, same Node, no flags. */
async function bareNodeRss(): Promise<void> {
  const rss: number[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    const idle = spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1e9)'], { stdio: 'ignore' });
    await sleep(1000);
    rss.push(rssMiB([idle.pid!]));
    idle.kill('SIGKILL');
    await new Promise((resolve) => idle.once('exit', resolve));
  }
  log(`bare node RSS: ${rss.map((value) => value.toFixed(1)).join(', ')} MiB`);
  put('Manager RSS with 100 children (median)', 'RSS', 'bare Node doing nothing', `${median(rss).toFixed(1)} MiB (load ${load()})`);
}

/** Among 500 children, change one's port and apply: time until the new port answers, and how many processes were restarted. */
async function switches(): Promise<void> {
  for (const manager of managers.filter((candidate) => candidate.changeOne)) {
    const times: number[] = [];
    const restartedCounts: number[] = [];
    for (let rep = 0; rep < slowReps; rep += 1) {
      await manager.prepare(ports500);
      await manager.launch(ports500);
      await waitAllAnswer(ports500, Date.now());
      const index = 137 + rep;
      const newPort = spare[rep % spare.length]!;
      const before = httpdByPort();
      await manager.prepareChange!(ports500, index, newPort);
      const started = Date.now();
      await manager.changeOne!();
      times.push(await waitAllAnswer([newPort], started));
      await sleep(200);
      const after = httpdByPort();
      const restarted = ports500.filter((port) => port !== ports500[index] && before.get(port)?.join() !== after.get(port)?.join()).length + 1;
      restartedCounts.push(restarted);
      await manager.shutdown();
      await waitNoHttpd([...ports500, newPort], Date.now());
    }
    log(`switch ${manager.name}: ${times.join(', ')} ms; restarted ${restartedCounts.join(', ')}`);
    put('Change one child among 500 and apply (median)', 'time until the changed child answers', manager.name, ms(median(times)));
    put('Change one child among 500 and apply (median)', 'processes restarted', manager.name, String(Math.max(...restartedCounts)));
  }
}

/** SIGKILL one of 10 children: time until its port accepts connections again. */
async function restarts(): Promise<void> {
  const ports = ports500.slice(0, 10);
  const candidates = [
    managers[0]!,
    procformManager(workDir, { name: 'procform builtin, backoff.initial 0', restart: { backoff: { initial: 0 } } }),
    managers[1]!,
    managers[2]!,
  ];
  for (const manager of candidates) {
    await manager.prepare(ports);
    await manager.launch(ports);
    await waitAllAnswer(ports, Date.now());
    const latencies: number[] = [];
    for (let rep = 0; rep < reps; rep += 1) {
      const port = ports[rep % ports.length]!;
      const pid = httpdByPort().get(port)![0]!;
      const killed = Date.now();
      process.kill(pid, 'SIGKILL');
      // Until the killed process is gone, its socket may still accept.
      while (httpdByPort().get(port)?.includes(pid)) await sleep(1);
      latencies.push(await waitTcp(port, killed));
      // Runs shorter than resetAfter count towards the backoff: space the kills like independent crashes.
      await sleep(300);
    }
    await manager.shutdown();
    await waitNoHttpd(ports, Date.now());
    log(`restart ${manager.name}: ${latencies.join(', ')} ms`);
    put('Restart after SIGKILL of a child: until its port accepts again (median)', 'latency', manager.name, ms(median(latencies)));
  }
}

/**
 * One child writes 200 MB of 100-byte lines to stdout as fast as it can, with or without rotation
 * (files of 10 MiB, 30 kept: every line stays on file). The manager's RSS is read before the write,
 * every 20 ms during it, and 1 s after; its CPU time for the write too (less sensitive to other work
 * on the machine than the throughput). Repetitions go round the managers, so that a change of load
 * falls on all of them.
 */
async function logThroughput(rotate: Burst['rotate']): Promise<void> {
  const line = 'x'.repeat(99);
  const lines = 2_000_000;
  const expected = lines * 100;
  const table = rotate ? `One child writes 200 MB of lines to stdout, rotation at ${rotate.maxBytes / 1024 / 1024} MiB, ${rotate.keep} kept (median)` : 'One child writes 200 MB of lines to stdout (median)';
  interface Measured {
    rate: number;
    lost: number;
    other: number;
    cpu: number;
    before: number;
    max: number;
    after: number;
    load: string;
  }
  const results = new Map<Manager, Measured[]>();
  const skipped = new Set<Manager>();
  for (let rep = 0; rep < slowReps; rep += 1) {
    for (const manager of managers) {
      if (skipped.has(manager)) continue;
      const go = join(workDir, `burst-${process.pid}-${rep}.go`);
      rmSync(go, { force: true });
      const files = await manager.logBurst(line, lines, { go, rotate });
      if (files === null) {
        skipped.add(manager);
        log(`logs${rotate ? ' rotated' : ''} ${manager.name}: no rotation of its own, left out`);
        await manager.shutdown();
        continue;
      }
      await sleep(1000);
      const pids = manager.managerPids();
      const before = rssMiB(pids);
      const cpuBefore = cpuSeconds(pids);
      let max = before;
      const sampler = setInterval(() => (max = Math.max(max, rssMiB(pids))), 20);
      writeFileSync(go, '');
      const { seconds } = await waitLogComplete(files, expected).finally(() => clearInterval(sampler));
      const cpu = cpuSeconds(pids) - cpuBefore;
      await sleep(1000);
      const counted = countLines(files().filter((file) => existsSync(file)), line);
      const measured = { rate: expected / 1e6 / seconds, lost: lines - counted.matching, other: counted.other, cpu, before, max, after: rssMiB(pids), load: load() };
      results.set(manager, [...(results.get(manager) ?? []), measured]);
      log(
        `logs${rotate ? ' rotated' : ''} ${manager.name}: ${measured.rate.toFixed(0)} MB/s, manager CPU ${cpu.toFixed(2)} s; lost ${measured.lost}; other lines ${measured.other}; ` +
          `RSS before/max/after ${before.toFixed(1)}/${max.toFixed(1)}/${measured.after.toFixed(1)} MiB; load ${measured.load}`,
      );
      await manager.shutdown();
      for (const file of files()) rmSync(file, { force: true });
      rmSync(go, { force: true });
    }
  }
  const growth = (value: number, before: number) => `${value >= before ? '+' : ''}${(((value - before) / before) * 100).toFixed(0)}%`;
  for (const [manager, runs] of results) {
    put(table, 'throughput', manager.name, `${median(runs.map(({ rate }) => rate)).toFixed(0)} MB/s`);
    put(table, 'manager CPU time for the 200 MB', manager.name, `${median(runs.map(({ cpu }) => cpu)).toFixed(2)} s`);
    put(table, 'lines lost (worst run)', manager.name, String(Math.max(...runs.map(({ lost }) => lost))));
    put(table, 'other lines on file', manager.name, String(Math.max(...runs.map(({ other }) => other))));
    put(table, 'load average (1 min) after each run', manager.name, runs.map(({ load }) => load).join(', '));
    if (rotate) continue;
    const worst = runs.reduce((a, b) => (b.max / b.before > a.max / a.before ? b : a));
    put(table, 'manager RSS before the write', manager.name, `${median(runs.map(({ before }) => before)).toFixed(1)} MiB`);
    put(table, 'RSS during the write: max (growth, worst run)', manager.name, `${worst.max.toFixed(1)} MiB (${growth(worst.max, worst.before)})`);
    put(table, 'RSS 1 s after (growth, worst run)', manager.name, `${worst.after.toFixed(1)} MiB (${growth(worst.after, worst.before)})`);
  }
}

function writeResults(): void {
  const columns = [...new Set([...tables.values()].flatMap((rows) => [...rows.values()].flatMap((cells) => [...cells.keys()])))];
  const supervisordVersion = (() => {
    try {
      return execFileSync('supervisord', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  // From its package.json: any pm2 command, --version included, starts a God daemon.
  const pm2Version = (JSON.parse(readFileSync(fileURLToPath(new URL('./node_modules/pm2/package.json', import.meta.url)), 'utf8')) as { version: string }).version;
  const lines = [
    '# Benchmark: procform builtin vs supervisord, PM2 and a plain spawn loop',
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npx jiti bench/builtin.ts\`, ${availableParallelism()} CPUs, Node ${process.version},`,
    `supervisord ${supervisordVersion}, PM2 ${pm2Version}.`,
    `Workload: \`busybox httpd -f -p 127.0.0.1:PORT\` children, one port each; "answers" means an HTTP GET gets any reply.`,
    `Medians of ${reps} repetitions (${slowReps} for N = 500, the switch and the log figures). All in one run, so compare ratios.${complete ? '' : ` Parts run: ${[...parts].join(', ')}.`}`,
    'The floor is a Node process spawning the children in a loop (no supervision, no logs; for logs, the child writes straight to a file).',
    `Load average (1 min) at the start ${loadAtStart.toFixed(1)}, at the end ${loadavg()[0]!.toFixed(1)}: other work shares this machine, so single figures are noisy.`,
    '',
  ];
  for (const [title, rows] of tables) {
    const used = columns.filter((column) => [...rows.values()].some((cells) => cells.has(column)));
    lines.push(`## ${title}`, '', `| | ${used.join(' | ')} |`, `|---|${used.map(() => '---').join('|')}|`);
    for (const [row, cells] of rows) lines.push(`| ${row} | ${used.map((column) => cells.get(column) ?? '–').join(' | ')} |`);
    lines.push('');
  }
  const results = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  if (complete) writeFileSync(join(results, 'builtin.md'), `${lines.join('\n')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
