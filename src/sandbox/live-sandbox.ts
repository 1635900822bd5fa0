import { readProcStat } from '../process/proc-stat.ts';
import { commandArgv, enterCommand } from './enter-command.ts';
import { SandboxCommandError, SandboxError } from './errors.ts';
import type { Guard } from './guard.ts';
import { loginEnvironment } from './login-environment.ts';
import { runToEnd } from './run-to-end.ts';
import { EnteredChild } from './sandbox-child.ts';
import type {
  Sandbox,
  SandboxAccount,
  SandboxChild,
  SandboxCommandOptions,
  SandboxExecOptions,
  SandboxExecResult,
  SandboxInit,
  SandboxProfile,
  SandboxSpawnOptions,
  SandboxUser,
  SystemState,
} from './types.ts';
import { waitForSystem } from './wait-for-system.ts';

const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A running sandbox, made by createSandbox. */
export class LiveSandbox implements Sandbox {
  readonly id: string;
  readonly profile: SandboxProfile;
  readonly init: SandboxInit;
  readonly pid: number;
  readonly account: SandboxAccount | undefined;
  readonly cgroups: readonly string[];
  system: SystemState | undefined;
  private readonly guard: Guard;
  private readonly pidStartTime: number | undefined;
  private destroying: Promise<void> | undefined;

  constructor(fields: {
    id: string;
    profile: SandboxProfile;
    init: SandboxInit;
    pid: number;
    account: SandboxAccount | undefined;
    cgroups: readonly string[];
    guard: Guard;
  }) {
    this.id = fields.id;
    this.profile = fields.profile;
    this.init = fields.init;
    this.pid = fields.pid;
    this.account = fields.account;
    this.cgroups = fields.cgroups;
    this.guard = fields.guard;
    this.pidStartTime = readProcStat(fields.pid)?.startTime;
  }

  async exec(command: string | readonly string[], options: SandboxExecOptions = {}): Promise<SandboxExecResult> {
    return runToEnd(this.enter(command, options, 'pipe'), options.input, options.timeoutMs);
  }

  async succeed(command: string | readonly string[], options: SandboxExecOptions = {}): Promise<string> {
    const result = await this.exec(command, options);
    if (result.code !== 0) throw new SandboxCommandError(this.id, typeof command === 'string' ? command : command.join(' '), result);
    return result.stdout;
  }

  spawn(command: string | readonly string[], options: SandboxSpawnOptions = {}): SandboxChild {
    return this.enter(command, options, options.stdio ?? 'pipe');
  }

  async waitForSystem(options: { timeoutMs?: number } = {}): Promise<SystemState> {
    if (this.init !== 'systemd') {
      throw new SandboxError(`sandbox ${this.id} does not run systemd`, { hint: 'Create it with init: "systemd".' });
    }
    return waitForSystem(this.id, (command, execOptions) => this.exec(command, execOptions), options.timeoutMs ?? 30_000);
  }

  destroy(): Promise<void> {
    this.destroying ??= this.guard.stop().then((leftovers) => {
      if (leftovers.length > 0) {
        throw new SandboxError(`sandbox ${this.id} left cgroup folders behind:\n${leftovers.join('\n')}`, {
          hint: 'Something still runs in them; find it in their cgroup.procs, stop it, then rmdir them depth-first.',
        });
      }
    });
    return this.destroying;
  }

  private enter(command: string | readonly string[], options: SandboxCommandOptions, stdio: 'pipe' | 'inherit' | 'ignore'): EnteredChild {
    this.assertUsable();
    const user = this.userFor(options.user);
    const env = { ...loginEnvironment(user, this.account, this.init), ...options.env };
    for (const name of Object.keys(env)) {
      if (!environmentName.test(name)) throw new SandboxError(`"${name}" is not a valid environment variable name`);
    }
    return new EnteredChild(enterCommand(this.pid, commandArgv(command), user, env, options.cwd ?? env.HOME!), stdio);
  }

  private userFor(requested: SandboxUser | undefined): SandboxUser {
    const user = requested ?? (this.profile === 'unprivileged' ? 'unprivileged' : 'root');
    if (user === 'unprivileged' && !this.account) {
      throw new SandboxError(`sandbox ${this.id} has no unprivileged account`, { hint: 'Create it with profile: "unprivileged".' });
    }
    return user;
  }

  // PID 1's host PID is all nsenter knows the sandbox by: once the sandbox is gone that PID may be
  // reused by an unrelated process, so refuse early rather than enter the wrong namespaces.
  private assertUsable(): void {
    if (this.destroying) throw new SandboxError(`sandbox ${this.id} has been destroyed`);
    if (this.guard.exitStatus !== undefined || !this.guard.running || readProcStat(this.pid)?.startTime !== this.pidStartTime) {
      throw new SandboxError(
        `sandbox ${this.id} has stopped` + (this.guard.exitStatus === undefined ? '' : ` (its PID 1 ended with status ${this.guard.exitStatus})`),
        { hint: 'Something inside powered it off, or its guard was killed; create a new one.' },
      );
    }
  }
}
