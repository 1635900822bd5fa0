import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InstanceStatus } from '../deploy/types.ts';
import { shellCommand } from '../shell/quote.ts';
import type { Sandbox, SandboxExecResult, SandboxUser } from '../sandbox/types.ts';
import { SandboxError } from '../sandbox/errors.ts';
import type { CommandOutcome } from './errors.ts';
import { describeEnd, lastLines, MachineCommandError, MachineError } from './errors.ts';
import { NOT_AS_DEPLOYED_EXIT_CODE } from '../deploy/wanted-state.ts';
import type { ManagerSite, TestManager } from './test-manager.ts';
import { poll } from './poll.ts';
import type { MachineCommandOptions, TestProfile, WaitOptions } from './types.ts';

const defaultWaitMs = 30_000;

export interface MachineFields {
  sandbox: Sandbox;
  /** The variant's id: how messages name the machine. */
  name: string;
  processManager: string;
  profile: TestProfile;
  /** The user commands run as by default. */
  user: SandboxUser;
  manager: TestManager;
  site: ManagerSite;
  /** argv prefix that runs procform's command line inside: node and its main.js. */
  procformCommand: readonly string[];
  /** When the variant's time is up (ms since the epoch): no command or wait runs past it. */
  deadline: number;
}

/**
 * The machine a test variant runs in, with the NixOS test driver's vocabulary (succeed, fail,
 * waitForOpenPort, …), asynchronous. Commands are shell strings run as the profile's user (root
 * when privileged, `unprivileged` otherwise) unless `{ user: 'root' }` says otherwise. Every wait
 * polls until its condition holds, and fails with what it last saw after `timeoutMs` (30 s), never
 * later than the variant's deadline.
 */
export class Machine {
  readonly name: string;
  readonly processManager: string;
  readonly profile: TestProfile;
  /** The sandbox underneath, for what this API lacks (spawn, exec with input). */
  readonly sandbox: Sandbox;
  private readonly fields: MachineFields;
  private deadline: number;
  private down: string | undefined;

  constructor(fields: MachineFields) {
    this.fields = fields;
    this.name = fields.name;
    this.processManager = fields.processManager;
    this.profile = fields.profile;
    this.sandbox = fields.sandbox;
    this.deadline = fields.deadline;
  }

  /** Runs a command and returns how it ended; never throws for a failing command (upstream's execute). */
  async execute(command: string, options: MachineCommandOptions = {}): Promise<CommandOutcome> {
    this.assertUp();
    const result: SandboxExecResult = await this.sandbox.exec(command, { user: options.user ?? this.fields.user, timeoutMs: this.boundedTimeout(options.timeoutMs) });
    return result;
  }

  /** Runs a command that must exit 0, and returns its standard output. */
  async succeed(command: string, options: MachineCommandOptions = {}): Promise<string> {
    const outcome = await this.execute(command, options);
    if (outcome.code !== 0) throw new MachineCommandError(this.name, command, outcome, 'succeed');
    return outcome.stdout;
  }

  /** Runs a command that must fail (exit non-zero), and returns its standard output. */
  async fail(command: string, options: MachineCommandOptions = {}): Promise<string> {
    const outcome = await this.execute(command, options);
    if (outcome.code === 0) throw new MachineCommandError(this.name, command, outcome, 'fail');
    return outcome.stdout;
  }

  /** Repeats a command until it exits 0; returns its standard output. */
  async waitUntilSucceeds(command: string, options: WaitOptions = {}): Promise<string> {
    return poll(
      async () => {
        const outcome = await this.execute(command, { user: options.user });
        return outcome.code === 0 ? { done: true, value: outcome.stdout } : { done: false, seen: seenOf(outcome) };
      },
      this.waitSettings(`\`${command}\` succeeding`, options),
    );
  }

  /** Repeats a command until it exits non-zero; returns its standard output. */
  async waitUntilFails(command: string, options: WaitOptions = {}): Promise<string> {
    return poll(
      async () => {
        const outcome = await this.execute(command, { user: options.user });
        return outcome.code !== 0 ? { done: true, value: outcome.stdout } : { done: false, seen: seenOf(outcome) };
      },
      this.waitSettings(`\`${command}\` failing`, options),
    );
  }

  /** Waits until something accepts TCP connections on the port (inside the machine: it has its own network). */
  async waitForOpenPort(port: number, options: WaitOptions & { host?: string } = {}): Promise<void> {
    await this.waitForPort(port, true, options);
  }

  /** Waits until nothing accepts TCP connections on the port any more. */
  async waitForClosedPort(port: number, options: WaitOptions & { host?: string } = {}): Promise<void> {
    await this.waitForPort(port, false, options);
  }

  /** Waits until a file (or folder) exists, as the profile's user sees it. */
  async waitForFile(path: string, options: WaitOptions = {}): Promise<void> {
    await poll(
      async () => {
        const outcome = await this.execute(`test -e ${shellCommand([path])}`, { user: options.user });
        return outcome.code === 0 ? { done: true, value: undefined } : { done: false, seen: `${path} does not exist` };
      },
      this.waitSettings(`file ${path} appearing`, options),
    );
  }

  /**
   * Waits until the process manager reports the instance running and ready (through
   * `procform status`, so every backend answers the same way), and returns its status. An
   * instance the manager reports failed ends the wait at once, with the manager's reason.
   */
  async waitForProcess(instance: string, options: WaitOptions = {}): Promise<InstanceStatus> {
    return poll(
      async () => {
        const status = (await this.status()).find((entry) => entry.instance === instance);
        if (!status) throw new MachineError(`${this.name}: the deployment has no instance "${instance}"`);
        if (status.state === 'failed') throw new MachineError(`${this.name}: instance "${instance}" failed${status.reason ? `: ${status.reason}` : ''}`);
        if (status.state === 'running' && status.ready !== false) return { done: true, value: status };
        return { done: false, seen: `${instance} is ${status.state}${status.ready === false ? ', not ready' : ''}` };
      },
      this.waitSettings(`instance ${instance} running and ready`, options),
    );
  }

  /**
   * Every instance's state, as `procform status --json` reports it inside the machine. It exits 3
   * while an instance is not as deployed (starting, failed): the states say which.
   */
  async status(): Promise<InstanceStatus[]> {
    const command = shellCommand([...this.fields.procformCommand, 'status', '--json']);
    const outcome = await this.execute(command);
    if (outcome.code !== 0 && outcome.code !== NOT_AS_DEPLOYED_EXIT_CODE) throw new MachineCommandError(this.name, command, outcome, 'succeed');
    return JSON.parse(outcome.stdout) as InstanceStatus[];
  }

  /** The last lines of an instance's log (`procform logs`). */
  async logs(instance: string, options: { lines?: number } = {}): Promise<string> {
    return this.procform(['logs', instance, '--lines', String(options.lines ?? 200)]);
  }

  /** Runs procform's command line in the machine, as the profile's user; returns its standard output. */
  async procform(args: readonly string[], options: MachineCommandOptions = {}): Promise<string> {
    return this.succeed(shellCommand([...this.fields.procformCommand, ...args]), options);
  }

  /**
   * SIGKILLs the process manager's main process, as a crash would, and waits until it is gone.
   * When the manager is the machine's PID 1 (systemd, privileged), the whole machine goes down with
   * it, as at a power loss: later commands fail.
   */
  async crash(): Promise<void> {
    const { manager, site } = this.fields;
    if (manager.noCrash) throw new MachineError(`${this.name}: crash() does not apply: ${manager.noCrash}`);
    if (!manager.managerPid) {
      throw new MachineError(`${this.name}: the test driver does not know ${this.processManager}'s main process`, {
        hint: 'Declare managerPid in the testing field of its backend descriptor (src/backends/<name>/descriptor.ts).',
      });
    }
    const pid = (await this.succeed(manager.managerPid(site), { user: 'root' })).trim();
    if (!/^[1-9]\d*$/.test(pid)) throw new MachineError(`${this.name}: ${this.processManager} does not run, there is nothing to crash`);
    if (pid === '1') {
      process.kill(this.sandbox.pid, 'SIGKILL');
      await this.waitUntilStopped();
      this.down = 'crashed with its process manager, its PID 1';
      return;
    }
    await this.succeed(`kill -KILL ${pid}`, { user: 'root' });
    // Gone means reaped: the machine's PID 1 reaps orphans, so a zombie does not linger.
    await this.waitUntilFails(`test -e /proc/${pid}`, { user: 'root', timeoutMs: 10_000 });
  }

  /**
   * Shuts the machine down as an init would: systemd powers off; otherwise every process gets
   * SIGTERM, then SIGKILL after 10 s. The machine is gone afterwards.
   */
  async shutdown(): Promise<void> {
    this.assertUp();
    if (this.sandbox.init === 'systemd') {
      await this.sandbox.exec('systemctl poweroff', { user: 'root', timeoutMs: 10_000 }).catch(ignoreStopped);
      await this.waitUntilStopped();
    } else {
      // kill -1 reaches every process but PID 1 and the shell itself; count what is left until none.
      const script = [
        'kill -TERM -1 2>/dev/null',
        'i=0; while [ $i -lt 100 ]; do n=0; for p in /proc/[0-9]*; do p=${p#/proc/}; [ "$p" = 1 ] || [ "$p" = $$ ] || n=$((n+1)); done',
        '  [ $n -eq 0 ] && exit 0; sleep 0.1; i=$((i+1)); done',
        'kill -KILL -1 2>/dev/null; exit 0',
      ].join('\n');
      await this.sandbox.exec(script, { user: 'root', timeoutMs: this.boundedTimeout(15_000) });
    }
    this.down = 'was shut down';
    await this.sandbox.destroy();
  }

  /** Copies a host file or folder into the machine (owned by the profile's user, or by `user`). */
  async copyFromHost(source: string, target: string, options: { user?: SandboxUser } = {}): Promise<void> {
    this.assertUp();
    const from = resolve(source);
    if (!existsSync(from)) throw new MachineError(`${this.name}: copyFromHost: ${from} does not exist on the host`);
    // tar streams it in: host folders such as /tmp are not visible inside, and a pipe needs no shared folder.
    const unpack = [
      'set -e',
      `mkdir -p ${shellCommand([dirname(target)])}`,
      `t=$(mktemp -d -p ${shellCommand([dirname(target)])})`,
      `tar -x -f - -C "$t" --no-same-owner`,
      `rm -rf ${shellCommand([target])}`,
      `mv "$t"/${shellCommand([basename(from)])} ${shellCommand([target])}`,
      'rmdir "$t"',
    ].join('\n');
    const inside = this.sandbox.spawn(unpack, { user: options.user ?? this.fields.user });
    let errors = '';
    inside.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    inside.stdout?.resume();
    const pack = spawn('tar', ['-c', '-f', '-', '-C', dirname(from), basename(from)], { stdio: ['ignore', 'pipe', 'pipe'] });
    pack.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    inside.stdin?.on('error', () => {});
    pack.stdout.pipe(inside.stdin!);
    const [packed, unpacked] = await Promise.all([new Promise<number | null>((done) => pack.on('close', done)), inside.exited]);
    if (packed !== 0 || unpacked.code !== 0) {
      throw new MachineError(`${this.name}: copyFromHost ${from} → ${target} failed: ${errors.trim() || describeEnd({ ...unpacked, stdout: '', stderr: '', timedOut: false })}`);
    }
  }

  /** Allows commands `ms` more from now, past the variant's deadline: the driver reads logs after a timeout. */
  extendDeadline(ms: number): void {
    this.deadline = Math.max(this.deadline, Date.now() + ms);
  }

  /** Why the machine cannot be used any more, if it cannot. */
  get stopped(): string | undefined {
    return this.down;
  }

  private assertUp(): void {
    if (this.down) throw new MachineError(`${this.name}: the machine ${this.down}`);
  }

  private async waitForPort(port: number, open: boolean, options: WaitOptions & { host?: string }): Promise<void> {
    const host = options.host ?? '127.0.0.1';
    // bash's /dev/tcp opens a connection without any client program installed.
    const connect = shellCommand(['bash', '-c', `exec 3<>/dev/tcp/${host}/${port}`]);
    await poll(
      async () => {
        const outcome = await this.execute(connect, { user: 'root' });
        if ((outcome.code === 0) === open) return { done: true, value: undefined };
        return { done: false, seen: open ? seenOf(outcome) || 'connection refused' : 'a connection was accepted' };
      },
      this.waitSettings(`port ${host}:${port} ${open ? 'opening' : 'closing'}`, options),
    );
  }

  private waitSettings(what: string, options: WaitOptions): { machine: string; what: string; timeoutMs: number } {
    return { machine: this.name, what, timeoutMs: Math.min(options.timeoutMs ?? defaultWaitMs, Math.max(this.deadline - Date.now(), 0)) };
  }

  private boundedTimeout(timeoutMs: number | undefined): number {
    const left = Math.max(this.deadline - Date.now(), 1);
    return timeoutMs === undefined ? left : Math.min(timeoutMs, left);
  }

  private async waitUntilStopped(): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        await this.sandbox.exec('true', { user: 'root', timeoutMs: 1000 });
      } catch (error) {
        if (error instanceof SandboxError) return;
        throw error;
      }
      await sleep(50);
    }
    throw new MachineError(`${this.name}: the machine did not stop within 15 s`);
  }
}

function seenOf(outcome: CommandOutcome): string {
  const output = lastLines(`${outcome.stderr}${outcome.stdout}`, 3).trim();
  return `${describeEnd(outcome)}${output ? `: ${output}` : ''}`;
}

function ignoreStopped(error: unknown): void {
  if (!(error instanceof SandboxError)) throw error;
}
