// Ctrl-C on `procform up` (builtin, attached), timed by phase: SIGINT sent → first instance
// stopping → last instance stopped → the supervisor gone → `up` exited, and when the last httpd
// went. Run by hand, never part of `npm test`:
//
//   npm run build && npx jiti bench/up-interrupt.ts        (N=100 REPS=5 READINESS=none|tcp WHEN=answer|attached)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../test/support/free-port.ts';
import { httpdArgv } from './managers/types.ts';
import { isRunning } from '../src/process/proc-stat.ts';
import { median, sleep, waitAllAnswer, waitNoHttpd } from './support.ts';

const count = Number(process.env.N ?? 100);
const reps = Number(process.env.REPS ?? 5);
const readiness = process.env.READINESS ?? 'none';
// answer: SIGINT as soon as every port answers (as bench/user-commands.ts does; without a readiness
// check the switch is then still proving its starts for 1 s); attached: once up says it is attached.
const when = process.env.WHEN ?? 'answer';
const cli = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const ports = await freePorts(count);
const [busybox, ...httpdArgs] = httpdArgv(0).slice(0, -1);
const model = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((ctx) => Object.fromEntries(Object.entries(ctx.ids.httpdPorts ?? {}).map(([name, port]) => [name,
  { port, pkg: createManagedProcess({ process: ${JSON.stringify(busybox)}, args: [${httpdArgs.map((arg) => JSON.stringify(arg)).join(', ')}, \`127.0.0.1:\${port}\`]${readiness === 'tcp' ? ", readiness: { kind: 'tcp', port }" : ''} }) }])));
`;

type Phases = Record<'firstStopping' | 'lastStopped' | 'supervisorGone' | 'upExited' | 'noHttpd', number>;
const runs: Phases[] = [];
for (let rep = 0; rep < reps; rep += 1) {
  const dir = mkdtempSync(join(tmpdir(), 'pf-up-interrupt-'));
  writeFileSync(join(dir, 'processes.ts'), model);
  writeFileSync(join(dir, 'ids.json'), JSON.stringify({ formatVersion: 1, ids: { httpdPorts: Object.fromEntries(ports.map((port, index) => [`h${index}`, port])) } }));
  const state = join(dir, 'state');
  const up = spawn(process.execPath, [cli, 'up', join(dir, 'processes.ts'), '-P', 'builtin', '--state-dir', state], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const lines: { at: number; line: string }[] = [];
  let buffered = '';
  up.stderr.on('data', (chunk: Buffer) => {
    const at = performance.now();
    const parts = (buffered + chunk.toString()).split('\n');
    buffered = parts.pop()!;
    for (const line of parts) lines.push({ at, line });
  });
  const exited = new Promise<number>((resolve) => up.once('exit', () => resolve(performance.now())));
  while (when === 'attached' && !lines.some(({ line }) => line.startsWith('attached'))) {
    if (up.exitCode !== null) throw new Error(`up exited: ${lines.map(({ line }) => line).join('\n')}`);
    await sleep(10);
  }
  await waitAllAnswer(ports, Date.now());
  const supervisor = Number(readFileSync(join(state, 'run', 'procform-builtin', 'supervisor.pid'), 'utf8').split(' ')[0]);
  const sent = performance.now();
  const from = lines.length;
  up.kill('SIGINT');
  const supervisorGone = (async () => {
    // A zombie counts as gone: who reaps the detached supervisor (PID 1 here) is not ours to time.
    while (isRunning(supervisor)) await sleep(2);
    return performance.now();
  })();
  const noHttpd = waitNoHttpd(ports, Date.now(), 60_000).then(() => performance.now());
  const [upExited, gone, httpdGone] = await Promise.all([exited, supervisorGone, noHttpd]);
  const after = lines.slice(from);
  const at = (prefix: string, last = false) => (last ? after.findLast : after.find).call(after, ({ line }) => line.startsWith(prefix))?.at ?? Number.NaN;
  runs.push({ firstStopping: at('stopping') - sent, lastStopped: at('stopped', true) - sent, supervisorGone: gone - sent, upExited: upExited - sent, noHttpd: httpdGone - sent });
  process.stderr.write(`rep ${rep + 1}: ${JSON.stringify(runs.at(-1), (_key, value: unknown) => (typeof value === 'number' ? Math.round(value) : value))} load ${loadavg()[0]!.toFixed(1)}\n`);
  rmSync(dir, { recursive: true, force: true });
}
const keys = Object.keys(runs[0]!) as (keyof Phases)[];
process.stdout.write(`N=${count} ${readiness} check, SIGINT once ${when}, ${reps} reps, medians (ms after SIGINT): ${keys.map((key) => `${key} ${Math.round(median(runs.map((run) => run[key])))}`).join(', ')}\n`);
