// Benchmark of what a user waits for: the command they type, from its start until every port answers
// (or every process is gone), for procform's command line (builtin backend, model loaded from a
// processes.ts as a user writes it) against supervisord + supervisorctl, PM2's command line and a
// plain Node spawn loop, on the same workload, in the same run, as ratios.
//
//   npm run build && (cd bench && npm ci) && npx jiti bench/user-commands.ts
//
// Needs busybox and supervisor (apt). Writes bench/results/user-commands.md. Run by hand; never part
// of `npm test`. REPS=N sets the repetitions (default 3), SIZES=10,100 the instance counts,
// READINESS=none,tcp the variants of procform's model (default both: `none` has no readiness check, so
// a start counts after the process ran 1 s; `tcp` checks each instance's port, so `switch` returns
// when its ports answer), STEPS=cold,up,down,restart,change,unchanged,status,peers the steps (default
// all; `peers` measures supervisord, PM2 and the floor in every step chosen).
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../test/support/free-port.ts';
import { floorManager } from './managers/floor.ts';
import { pm2Manager } from './managers/pm2.ts';
import { run } from './managers/run.ts';
import { supervisordManager } from './managers/supervisord.ts';
import type { Manager } from './managers/types.ts';
import { httpdArgv } from './managers/types.ts';
import { httpdByPort, median, sleep, waitAllAnswer, waitNoHttpd } from './support.ts';

const reps = Number(process.env.REPS ?? 3);
const sizes = (process.env.SIZES ?? '10,100,500').split(',').map(Number);
const variants = (process.env.READINESS ?? 'none,tcp').split(',') as Readiness[];
const steps = new Set((process.env.STEPS ?? 'cold,up,down,restart,change,unchanged,status,peers').split(','));
const step = (name: string) => steps.has(name);
type Readiness = 'none' | 'tcp';
/** How each variant shows in the tables. */
const variantLabel: Record<Readiness, string> = { none: 'no readiness check: a start counts after 1 s', tcp: 'tcp readiness check' };
for (const variant of variants) if (!(variant in variantLabel)) throw new Error(`READINESS: unknown variant "${variant}" (none or tcp)`);
const cli = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'pf-user-bench-'));
const allPorts = await freePorts(Math.max(...sizes) + 2);
// Stopping 500 under PM2 on a loaded machine takes minutes.
const stopTimeoutMs = 600_000;
const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
const load = () => loadavg()[0]!;
const loads: number[] = [load()];
/** One line per measurement: its name, every repetition and the load after it. */
const measured: string[] = [];

// ---- procform, as a user runs it ----

/**
 * procform's command line on a model of N busybox httpd instances, with its own state folder. As
 * procform's examples do, the model makes the instances in a loop and takes their ports from the
 * IDs file beside it (ids.json), which is what a change edits. With `tcp`, each instance has
 * `readiness: { kind: 'tcp', port }`, as a user who cares about the ports writes it.
 */
function procformUser(readiness: Readiness) {
  let dir = '';
  const model = () => join(dir, 'processes.ts');
  const [busybox, ...httpdArgs] = httpdArgv(0).slice(0, -1);
  const modelText = [
    "import { createManagedProcess, defineProcesses } from 'procform';",
    'export default defineProcesses((ctx) =>',
    '  Object.fromEntries(',
    '    Object.entries(ctx.ids.httpdPorts ?? {}).map(([name, port]) => [',
    '      name,',
    `      { port, pkg: createManagedProcess({ process: ${JSON.stringify(busybox)}, args: [${httpdArgs.map((arg) => JSON.stringify(arg)).join(', ')}, \`127.0.0.1:\${port}\`]${readiness === 'tcp' ? ", readiness: { kind: 'tcp', port }" : ''} }) },`,
    '    ]),',
    '  ),',
    ');',
    '',
  ].join('\n');
  const write = (ports: readonly number[]) => {
    writeFileSync(model(), modelText);
    writeFileSync(join(dir, 'ids.json'), JSON.stringify({ formatVersion: 1, ids: { httpdPorts: Object.fromEntries(ports.map((port, index) => [`h${index}`, port])) } }));
  };
  const procform = (...args: string[]) => run(process.execPath, [cli, ...args, '--state-dir', join(dir, 'state')]);
  let attached: ChildProcess | null = null;
  return {
    fresh(ports: readonly number[]) {
      dir = mkdtempSync(join(workDir, 'pf-'));
      write(ports);
    },
    write,
    switch: () => procform('switch', model(), '-P', 'builtin'),
    build: () => procform('build', model(), '-P', 'builtin'),
    restartAll: () => procform('restart', '--all'),
    status: () => procform('status'),
    down: () => procform('down'),
    /** `procform up`: attached; resolves once started (the caller waits for the ports). */
    up() {
      attached = spawn(process.execPath, [cli, 'up', model(), '-P', 'builtin', '--state-dir', join(dir, 'state')], { stdio: 'ignore' });
    },
    /** Ctrl-C on `procform up`: resolves when it exited. */
    interrupt: () =>
      new Promise<void>((resolve) => {
        const child = attached!;
        attached = null;
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

// ---- tables ----

type Table = { title: string; note: string; rows: Map<string, Map<string, number | string>> };
const tables: Table[] = [];
function table(title: string, note: string): Table {
  const created = { title, note, rows: new Map<string, Map<string, number | string>>() };
  tables.push(created);
  return created;
}
const put = (into: Table, row: string, column: string, value: number | string) => {
  const cells = into.rows.get(row) ?? new Map<string, number | string>();
  into.rows.set(row, cells);
  cells.set(column, value);
};
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

/** Times `action` (from its start) until `until` resolves, `reps` times with `setUp`/`tearDown` around each. */
async function measure(name: string, times: number, step: { setUp?: () => Promise<void>; action: () => Promise<void>; until?: () => Promise<unknown>; tearDown?: () => Promise<void> }): Promise<number> {
  const results: number[] = [];
  for (let rep = 0; rep < times; rep += 1) {
    await step.setUp?.();
    const started = performance.now();
    await step.action();
    await step.until?.();
    results.push(performance.now() - started);
    await step.tearDown?.();
  }
  loads.push(load());
  const line = `${name}: ${results.map((value) => Math.round(value)).join(', ')} ms (load ${load().toFixed(1)})`;
  measured.push(line);
  log(line);
  return median(results);
}

const peers: Manager[] = [supervisordManager(workDir), pm2Manager(workDir)];
const floor = floorManager(workDir);
/** A procform column: the command and the variant of the model, e.g. "procform switch, tcp check". */
const ours = (command: string, variant: Readiness) => `${command}, ${variant === 'tcp' ? 'tcp check' : 'no check'}`;

const cold = table('Start N instances from nothing: command start → every port answers (median)', 'procform: `procform switch processes.ts -P builtin` with a fresh state folder (no supervisor, no store); `procform up` the same, attached. supervisord: `supervisord -c FILE` (it forks and returns). PM2: `pm2 start ecosystem.config.js` (no God daemon running). Floor: `node floor-spawn.mjs PORTS…`, a loop spawning the children.');
const restart = table('Restart every instance: command start → every port answers from a new process (median)', 'procform: `procform restart --all`; supervisord: `supervisorctl restart all`; PM2: `pm2 restart all`.');
const change = table('Change one instance\'s port among N and apply: command start → the new port answers (median)', 'procform: edit processes.ts, `procform switch`; supervisord: edit the file, `supervisorctl update`; PM2: edit ecosystem.config.js, `pm2 delete hK` + `pm2 start ecosystem.config.js --only hK` (PM2 does not apply changed arguments on restart).');
const unchanged = table('Nothing changed: command start → command returned (median)', 'procform: `procform switch` again, and `procform build`; supervisord: `supervisorctl update`. Both with everything running.');
const down = table('Stop everything: command start → no instance process left (median)', 'procform: `procform down` (and Ctrl-C on `procform up`); supervisord: `supervisorctl shutdown`; PM2: `pm2 kill`; floor: SIGTERM to the loop, which signals each child group.');
const commandLine = table('The command line alone (median)', '`procform status` with the N instances running; `procform --help`; `node -e 0` is the floor of any Node command.');

/** Every port answers from a process that did not run before. */
async function freshPids(ports: readonly number[], before: Map<number, number[]>): Promise<void> {
  for (;;) {
    const now = httpdByPort();
    if (ports.every((port) => now.get(port)?.length && !now.get(port)!.some((pid) => before.get(port)?.includes(pid)))) break;
    await sleep(2);
  }
  await waitAllAnswer(ports, Date.now());
}

/** procform's steps for one variant of the model. */
async function measureProcform(n: number, ports: readonly number[], spare: number, variant: Readiness): Promise<void> {
  const user = procformUser(variant);
  const row = `N = ${n}`;
  const tag = `${n} ${variant}`;
  if (step('cold')) {
    put(cold, row, ours('procform switch', variant), await measure(`cold switch N=${tag}`, reps, {
      setUp: async () => user.fresh(ports),
      action: async () => void (await user.switch()),
      until: () => waitAllAnswer(ports, Date.now()),
      tearDown: async () => {
        await user.down();
        await waitNoHttpd(ports, Date.now(), stopTimeoutMs);
      },
    }));
  }
  if (step('up')) {
    put(cold, row, ours('procform up', variant), await measure(`cold up N=${tag}`, reps, {
      setUp: async () => user.fresh(ports),
      action: async () => user.up(),
      until: () => waitAllAnswer(ports, Date.now()),
      tearDown: async () => {
        await user.interrupt();
        await waitNoHttpd(ports, Date.now(), stopTimeoutMs);
      },
    }));
  }
  if (step('down')) {
    put(down, row, ours('procform down', variant), await measure(`down N=${tag}`, reps, {
      setUp: async () => {
        user.fresh(ports);
        await user.switch();
        await waitAllAnswer(ports, Date.now());
      },
      action: async () => void (await user.down()),
      until: () => waitNoHttpd(ports, Date.now(), stopTimeoutMs),
    }));
    if (step('up')) {
      put(down, row, ours('procform up, Ctrl-C', variant), await measure(`up Ctrl-C N=${tag}`, reps, {
        setUp: async () => {
          user.fresh(ports);
          user.up();
          await waitAllAnswer(ports, Date.now());
        },
        action: () => user.interrupt(),
        until: () => waitNoHttpd(ports, Date.now(), stopTimeoutMs),
      }));
    }
  }
  if (!['restart', 'change', 'unchanged', 'status'].some(step)) return;
  // ---- with everything running: restart, one change, nothing changed, the command line ----
  user.fresh(ports);
  await user.switch();
  await waitAllAnswer(ports, Date.now());
  if (step('restart')) {
    let before = new Map<number, number[]>();
    put(restart, row, ours('procform restart --all', variant), await measure(`restart procform N=${tag}`, reps, {
      setUp: async () => void (before = httpdByPort()),
      action: async () => void (await user.restartAll()),
      until: () => freshPids(ports, before),
    }));
  }
  if (step('change')) {
    let changed = 0;
    put(change, row, ours('procform switch', variant), await measure(`change procform N=${tag}`, reps, {
      setUp: async () => {
        changed = (changed + 1) % n;
        user.write(ports.map((port, index) => (index === changed ? spare : port)));
      },
      action: async () => void (await user.switch()),
      until: () => waitAllAnswer([spare], Date.now()),
      tearDown: async () => {
        user.write(ports);
        await user.switch();
      },
    }));
  }
  if (step('unchanged')) {
    put(unchanged, row, ours('procform switch', variant), await measure(`unchanged switch N=${tag}`, reps, { action: async () => void (await user.switch()) }));
    put(unchanged, row, ours('procform build', variant), await measure(`unchanged build N=${tag}`, reps, { action: async () => void (await user.build()) }));
  }
  if (step('status')) {
    put(commandLine, row, ours('procform status', variant), await measure(`status N=${tag}`, reps * 2, { action: async () => void (await user.status()) }));
  }
  await user.down();
  await waitNoHttpd(ports, Date.now(), stopTimeoutMs);
}

/** supervisord's, PM2's and the floor's steps. */
async function measurePeers(n: number, ports: readonly number[], spare: number): Promise<void> {
  const row = `N = ${n}`;
  for (const manager of [...peers, floor]) {
    if (step('cold')) {
      put(cold, row, manager.name, await measure(`cold ${manager.name} N=${n}`, reps, {
        setUp: () => manager.prepare(ports),
        action: () => manager.launch(ports),
        until: () => waitAllAnswer(ports, Date.now()),
        tearDown: async () => {
          await manager.shutdown();
          await waitNoHttpd(ports, Date.now(), stopTimeoutMs);
        },
      }));
    }
    if (step('down')) {
      put(down, row, manager.name, await measure(`down ${manager.name} N=${n}`, reps, {
        setUp: async () => {
          await manager.prepare(ports);
          await manager.launch(ports);
          await waitAllAnswer(ports, Date.now());
        },
        action: () => manager.shutdown(),
        until: () => waitNoHttpd(ports, Date.now(), stopTimeoutMs),
      }));
    }
  }
  if (!['restart', 'change', 'unchanged'].some(step)) return;
  for (const manager of peers) {
    await manager.prepare(ports);
    await manager.launch(ports);
    await waitAllAnswer(ports, Date.now());
    if (step('restart')) {
      let before = new Map<number, number[]>();
      put(restart, row, manager.name, await measure(`restart ${manager.name} N=${n}`, reps, {
        setUp: async () => void (before = httpdByPort()),
        action: () => manager.restartAll!(),
        until: () => freshPids(ports, before),
      }));
    }
    if (step('change')) {
      let changed = 0;
      put(change, row, manager.name, await measure(`change ${manager.name} N=${n}`, reps, {
        setUp: async () => {
          changed = (changed + 1) % n;
          await manager.prepareChange!(ports, changed, spare);
        },
        action: () => manager.changeOne!(),
        until: () => waitAllAnswer([spare], Date.now()),
        tearDown: async () => {
          await manager.prepareChange!(ports, changed, ports[changed]!);
          await manager.changeOne!();
          await waitAllAnswer(ports, Date.now());
        },
      }));
    }
    if (step('unchanged') && manager.applyUnchanged) {
      put(unchanged, row, 'supervisorctl update', await measure(`unchanged ${manager.name} N=${n}`, reps, { action: () => manager.applyUnchanged!() }));
    }
    await manager.shutdown();
    await waitNoHttpd(ports, Date.now(), stopTimeoutMs);
  }
}

try {
  for (const n of sizes) {
    const ports = allPorts.slice(0, n);
    const spare = allPorts[n]!;
    for (const variant of variants) await measureProcform(n, ports, spare, variant);
    if (step('peers')) await measurePeers(n, ports, spare);
    // What is measured so far, in case a later, larger N does not finish.
    writeResults();
  }
  if (step('status')) {
    put(commandLine, 'any N', 'procform --help', await measure('--help', reps * 2, { action: async () => void (await run(process.execPath, [cli, '--help'])) }));
    put(commandLine, 'any N', 'node -e 0', await measure('node -e 0', reps * 2, { action: async () => void (await run(process.execPath, ['-e', '0'])) }));
  }
} finally {
  for (const manager of [...peers, floor]) await manager.shutdown().catch(() => {});
  rmSync(workDir, { recursive: true, force: true });
}
writeResults();

function writeResults(): void {
  const version = (file: string, args: string[]) => {
    try {
      return execFileSync(file, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const pm2Version = (JSON.parse(readFileSync(fileURLToPath(new URL('./node_modules/pm2/package.json', import.meta.url)), 'utf8')) as { version: string }).version;
  const lines = [
    '# Benchmark: what a user waits for — procform\'s command line vs supervisord, PM2 and a spawn loop',
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npx jiti bench/user-commands.ts\`, ${availableParallelism()} CPUs, Node ${process.version},`,
    `supervisord ${version('supervisord', ['--version'])}, PM2 ${pm2Version}, procform's builtin backend.`,
    'Workload: N instances of `busybox httpd -f -p 127.0.0.1:PORT`; "answers" means an HTTP GET gets any reply, polled by one poller for every manager.',
    `Medians of ${reps} repetitions, all in one run: compare ratios, not absolute times.`,
    `procform's model in two variants (${variants.join(', ')} measured; READINESS picks them, SIZES=${sizes.join(',')}, STEPS=${[...steps].join(',')}):`,
    `- "no check": ${variantLabel.none} (procform's start rule), so a \`switch\` that starts anything waits at least 1 s, although the ports answer sooner; supervisord and PM2 return at once.`,
    `- "tcp check": ${variantLabel.tcp}, \`readiness: { kind: 'tcp', port }\` on each instance, so a \`switch\` returns once its ports accept connections: the condition this bench waits for with every manager.`,
    `Load average (1 min) during the run: ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)} (start ${loads[0]!.toFixed(1)}, end ${load().toFixed(1)}); other work shares this 2-CPU machine, so single figures are noisy.`,
    '',
  ];
  for (const { title, note, rows } of tables) {
    if (rows.size === 0) continue; // a step not chosen by STEPS
    const columns = [...new Set([...rows.values()].flatMap((cells) => [...cells.keys()]))];
    lines.push(`## ${title}`, '', note, '', `| | ${columns.join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`);
    for (const [row, cells] of rows) lines.push(`| ${row} | ${columns.map((column) => (typeof cells.get(column) === 'number' ? ms(cells.get(column) as number) : (cells.get(column) ?? '–'))).join(' | ')} |`);
    lines.push('');
  }
  lines.push(...ratioLines(), '## Each measurement and the load after it (1-minute average)', '', ...measured.map((line) => `- ${line}`), '');
  const results = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'user-commands.md'), `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** procform's figures as ratios to the floor and to the peers, per row. */
function ratioLines(): string[] {
  const lines = ['## Ratios (procform ÷ other, same run; below 1 is faster)', '', '| figure | N | ÷ floor | ÷ supervisord | ÷ PM2 |', '|---|---|---|---|---|'];
  const ratio = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}x` : '–');
  const pairs: [Table, string, string, string, string][] = [
    [cold, 'start from nothing (switch)', 'procform switch', 'supervisord', 'PM2'],
    [restart, 'restart all', 'procform restart --all', 'supervisord', 'PM2'],
    [change, 'change one', 'procform switch', 'supervisord', 'PM2'],
    [unchanged, 'nothing changed (switch)', 'procform switch', 'supervisorctl update', ''],
    [down, 'stop everything', 'procform down', 'supervisord', 'PM2'],
  ];
  for (const [from, label, command, supervisord, pm2] of pairs) {
    for (const [row, cells] of from.rows) {
      const floorColumn = [...cells.keys()].find((column) => column.startsWith('floor'));
      for (const variant of variants) {
        const value = cells.get(ours(command, variant));
        if (value === undefined) continue;
        lines.push(`| ${label}, ${variant === 'tcp' ? 'tcp check' : 'no check'} | ${row.replace('N = ', '')} | ${floorColumn ? ratio(value, cells.get(floorColumn)) : '–'} | ${ratio(value, cells.get(supervisord))} | ${ratio(value, cells.get(pm2))} |`);
      }
    }
  }
  lines.push('');
  return lines;
}
