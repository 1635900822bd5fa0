// The "killed switch" check, for any deployable backend: `procform switch` is SIGKILLed at a point
// picked by a seeded random generator, then a switch to the same model must converge (one copy of
// each instance, as its own user, nothing else running) and `down` must leave nothing behind (no
// account, process or PID file). Each trial runs in one privileged machine (a sandbox: accounts are
// created), with the process manager's own PID 1 when it needs one (systemd).
//
// The points: every crash point procform names (src/fault-point.ts: the switch's steps, each account
// recorded and created or removed, each event a driver reports: stopping, started, ready, …), and a
// kill from outside after a random delay, for whatever lies between named points.
import { expect } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { shellCommand } from '../../src/shell/quote.ts';
import { testManager } from '../../src/testing/managers.ts';
import { cliPath } from '../support/cli.ts';
import { patiently } from '../support/eventually.ts';

export interface KilledSwitchOptions {
  processManager: string;
  trials: number;
  seed: number;
}

export interface TrialReport {
  trial: number;
  from: string;
  to: string;
  fault: string;
  /** Whether procform was killed (a named point may not be reached by every switch). */
  killed: boolean;
}

/** Three versions of a model: each switch between them starts, stops and restarts instances, and creates and removes their accounts. */
const model = `import { createManagedProcess, defineProcesses } from 'procform';
// Each instance: a web server on its own port, as its own user and group.
const variants: Record<string, Record<string, { port: number; version: string }>> = {
  a: { web1: { port: 5101, version: '1' }, web2: { port: 5102, version: '1' } },
  b: { web1: { port: 5101, version: '2' }, web3: { port: 5103, version: '1' } },
  c: { web2: { port: 5102, version: '1' }, web3: { port: 5103, version: '2' }, web4: { port: 5104, version: '1' } },
};
export default defineProcesses(() => {
  const chosen = variants[process.env.PFVARIANT!]!;
  return Object.fromEntries(Object.entries(chosen).map(([name, { port, version }]) => {
    const user = \`pfk-\${name}\`;
    return [name, {
      port,
      pkg: createManagedProcess({
        name,
        process: 'busybox',
        args: ['httpd', '-f', '-p', \`127.0.0.1:\${port}\`, '-h', '/var/empty-www'],
        environment: { VERSION: version },
        user,
        credentials: { groups: { [user]: {} }, users: { [user]: { group: user } } },
        readiness: { kind: 'tcp', port },
      }),
    }];
  }));
});
`;

const variants: Record<string, Record<string, number>> = {
  a: { web1: 5101, web2: 5102 },
  b: { web1: 5101, web3: 5103 },
  c: { web2: 5102, web3: 5103, web4: 5104 },
};
const everyUser = ['pfk-web1', 'pfk-web2', 'pfk-web3', 'pfk-web4'];

/**
 * Crash points that every switch between two different variants passes: each adds an instance
 * (a user and group created, a start, a readiness) and removes one (a stop, a user and group removed).
 */
const everySwitchPasses = [
  'switch:locked',
  'switch:journal-written',
  'accounts:group-recorded',
  'accounts:group-created',
  'accounts:user-recorded',
  'accounts:user-created',
  'switch:accounts-ready',
  'event:stopping',
  'event:stopped',
  'event:starting',
  'event:ready',
  'switch:applied',
  'switch:generation-recorded',
  'switch:journal-cleared',
  'accounts:user-removed',
  'accounts:group-removed',
];

/** Crash points only some switches pass: a second account or start (c → a starts one), `started` (drivers that report readiness at once skip it). */
const someSwitchesPass = ['accounts:user-created@2', 'event:starting@2', 'event:started', 'event:ready@2'];
const namedPoints = [...everySwitchPasses, ...someSwitchesPass];

/** Each trial at a point every switch passes killed procform, so that the check cannot pass without testing anything. */
export function expectEveryCertainPointKilled(reports: TrialReport[]): void {
  const missed = reports.filter((report) => everySwitchPasses.includes(report.fault) && !report.killed);
  expect(missed, 'points every switch passes, where procform was not killed').toEqual([]);
  expect(reports.filter((report) => report.killed).length, JSON.stringify(reports, null, 1)).toBeGreaterThanOrEqual(reports.length / 2);
}

/** mulberry32: a small seeded generator, so that a failing trial can be run again exactly. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const procform = (...args: string[]) => shellCommand([process.execPath, cliPath, ...args]);

/** One trial: a switch from one variant to another, killed at a fault. */
export interface Trial {
  trial: number;
  from: string;
  to: string;
  fault: string;
}

/** The trials a seed draws: the same list every time, so that a failing one can be run again alone. */
export function drawTrials(seed: number, count: number): Trial[] {
  const random = randomFrom(seed);
  const names = Object.keys(variants);
  const trials: Trial[] = [];
  for (let trial = 1; trial <= count; trial += 1) {
    const from = names[Math.floor(random() * names.length)]!;
    const to = names.filter((name) => name !== from)[Math.floor(random() * (names.length - 1))]!;
    const timed = random() < 0.25;
    const fault = timed ? `kill after ${Math.floor(random() * 1500)} ms` : namedPoints[Math.floor(random() * namedPoints.length)]!;
    trials.push({ trial, from, to, fault });
  }
  return trials;
}

/** Runs the trials a seed draws in one machine and returns what each did; fails at the first trial that does not converge or leaves something. */
export async function killedSwitchTrials(options: KilledSwitchOptions): Promise<TrialReport[]> {
  return runTrials(options.processManager, drawTrials(options.seed, options.trials), `seed ${options.seed}`);
}

/** Runs these trials in one machine (`label` names them in failures: the seed, or the regression they repeat). */
export async function runTrials(processManager: string, trials: readonly Trial[], label: string): Promise<TrialReport[]> {
  const machine = await createSandbox({ profile: 'privileged', init: testManager(processManager).init, name: `killed-${processManager}` });
  const reports: TrialReport[] = [];
  // `exec`: a kill from outside must reach procform itself, not a shell around it.
  const switchTo = (variant: string) => `PFVARIANT=${variant} exec ${procform('switch', '-P', processManager, '/root/processes.ts')}`;
  try {
    await machine.succeed(`mkdir -p /var/empty-www && cat > /root/processes.ts <<'EOF'\n${model}EOF`);
    for (const { trial, from, to, fault } of trials) {
      const where = `trial ${trial} (${label}): ${from} → ${to}, ${fault}`;
      await expectSwitch(machine, switchTo(from), where);
      const killed = await killedSwitch(machine, switchTo(to), fault);
      reports.push({ trial, from, to, fault, killed });
      await expectSwitch(machine, switchTo(to), where);
      await expectConverged(machine, to, where);
      const down = await machine.exec(procform('down'), { env: { NO_COLOR: '1' } });
      expect(down.code, `${where}: down\n${down.stderr}`).toBe(0);
      await expectNothingLeft(machine, where);
    }
  } finally {
    await machine.destroy();
  }
  return reports;
}

async function expectSwitch(machine: Sandbox, command: string, where: string): Promise<void> {
  const result = await machine.exec(command, { env: { NO_COLOR: '1' } });
  expect(result.code, `${where}: ${command}\n${result.stderr}`).toBe(0);
}

/** The switch, SIGKILLed at the fault; whether it was killed. */
async function killedSwitch(machine: Sandbox, command: string, fault: string): Promise<boolean> {
  const delay = /^kill after (\d+) ms$/.exec(fault);
  if (delay === null) {
    const result = await machine.exec(command, { env: { PROCFORM_FAULT_POINT: fault } });
    return result.signal === 'SIGKILL' || result.code === 137;
  }
  const child = machine.spawn(command, { stdio: 'ignore' });
  const timer = setTimeout(() => void child.kill('SIGKILL'), Number(delay[1]));
  const end = await child.exited;
  clearTimeout(timer);
  return end.signal === 'SIGKILL' || end.code === 137;
}

/** One process per instance of the variant, as its user, listening on its port; no other web server; the deployment says running and ready. */
async function expectConverged(machine: Sandbox, variant: string, where: string): Promise<void> {
  const processes = (await machine.succeed("ps -eo pid=,ppid=,user:20=,args= | grep '[b]usybox httpd' || true"))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ppid, user, ...args] = line.trim().split(/\s+/);
      return { pid: pid!, ppid: ppid!, server: `${user} ${/127\.0\.0\.1:(\d+)/.exec(args.join(' '))?.[1] ?? '?'}` };
    });
  // busybox httpd forks a child per connection (a readiness probe's, say): that child is no second copy.
  const pids = new Set(processes.map((entry) => entry.pid));
  const servers = processes.filter((entry) => !pids.has(entry.ppid)).map((entry) => entry.server).sort();
  const wanted = Object.entries(variants[variant]!).map(([name, port]) => `pfk-${name} ${port}`).sort();
  expect(servers, `${where}: web servers after the converging switch`).toEqual(wanted);
  // supervisord says STARTING until a run has lasted startsecs, though the switch waited for readiness.
  const states = async () => {
    const status = JSON.parse(await machine.succeed(procform('status', '--json'))) as { instance: string; state: string; ready: boolean | null }[];
    return status.map((entry) => `${entry.instance} ${entry.state} ${entry.ready === false ? 'not ready' : 'ready'}`).sort();
  };
  await expect.poll(states, { ...patiently, message: `${where}: status after the converging switch` }).toEqual(Object.keys(variants[variant]!).map((name) => `${name} running ready`).sort());
  expect((await machine.exec('ls /var/lib/procform/profiles/*.switching')).code, `${where}: the journal is cleared`).not.toBe(0);
}

/** After down: no process but the machine's own, no account procform made, no PID file. */
async function expectNothingLeft(machine: Sandbox, where: string): Promise<void> {
  // Filtered here, not by a grep in the pipeline: ps can list that grep before its exec, as "[grep]".
  const processes = (await machine.succeed('ps -eo pid=,args='))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^1 /.test(line) && !line.includes('ps -eo'))
    .join('\n');
  expect(processes, `${where}: processes after down`).toBe('');
  const accounts = await machine.exec(`getent passwd ${everyUser.join(' ')}; getent group ${everyUser.join(' ')}`);
  expect(accounts.stdout, `${where}: accounts after down`).toBe('');
  const record = JSON.parse(await machine.succeed('cat /etc/procform/accounts.json')) as { users: object; groups: object };
  expect(record, `${where}: the accounts record after down`).toMatchObject({ users: {}, groups: {} });
  const pidFiles = (await machine.succeed("find /run /tmp /var/lib/procform -name '*.pid' 2>/dev/null || true")).trim();
  expect(pidFiles, `${where}: PID files after down`).toBe('');
}
