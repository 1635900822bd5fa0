import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** Who a sandbox is for: root inside (privileged deployments), or the normal user `unprivileged`. */
export type SandboxProfile = 'privileged' | 'unprivileged';

/** What runs as the sandbox's PID 1: a small reaper, or systemd as the system manager. */
export type SandboxInit = 'none' | 'systemd';

/** A host folder (or file) shared into the sandbox. Writes go through to the host unless readOnly. */
export interface SandboxBind {
  source: string;
  /** Where it shows up inside; defaults to `source`. */
  target?: string;
  readOnly?: boolean;
}

export interface SandboxOptions {
  /**
   * privileged: commands run as root by default. unprivileged: a normal user `unprivileged` (home
   * /home/unprivileged) exists inside and commands run as it by default. Both profiles can still
   * run single commands as the other user with `{ user }`.
   */
  profile: SandboxProfile;
  /** Default `none`. `systemd` boots systemd as PID 1; createSandbox returns once it has booted. */
  init?: SandboxInit;
  binds?: SandboxBind[];
  /** A readable prefix for the hostname and cgroup names; a random suffix makes it unique. Default `sbx`. */
  name?: string;
  /** How long creation (and, with systemd, booting) may take. Default 30 s. */
  timeoutMs?: number;
  /**
   * Where the host's procform deployments are looked for, to be hidden from the sandbox: the
   * host's `/` (default). Tests of the hiding itself give a folder standing for it.
   */
  hostDeploymentRoot?: string;
}

/** The user a command runs as. */
export type SandboxUser = 'root' | 'unprivileged';

export interface SandboxCommandOptions {
  /** Default: the profile's user. */
  user?: SandboxUser;
  /** Added to the login environment (HOME, USER, LOGNAME, SHELL, PATH, LANG, XDG_RUNTIME_DIR). */
  env?: Record<string, string>;
  /** Default: the user's home. */
  cwd?: string;
}

export interface SandboxExecOptions extends SandboxCommandOptions {
  /** Killed (with everything in its process group) after this long; `timedOut` tells. Default: no limit. */
  timeoutMs?: number;
  /** Written to the command's standard input, which is then closed. Default: empty input. */
  input?: string;
}

export interface SandboxSpawnOptions extends SandboxCommandOptions {
  /** Default `pipe` for all three. */
  stdio?: 'pipe' | 'inherit' | 'ignore';
}

export interface SandboxExecResult {
  /** Exit code, or null when a signal ended the command. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** How a command inside ended. */
export interface SandboxExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A long-running command inside a sandbox (a process manager in the foreground, say). */
export interface SandboxChild {
  /** The host-side process that entered the sandbox (nsenter); its streams are the command's. */
  readonly process: ChildProcess;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Resolves when the command has ended. */
  readonly exited: Promise<SandboxExit>;
  /**
   * Sends a signal to the command inside (not to nsenter, which would leave the command running).
   * Returns false when the command has already ended.
   */
  kill(signal?: NodeJS.Signals): Promise<boolean>;
}

/** What `systemctl is-system-running` said once the boot had finished. */
export interface SystemState {
  state: 'running' | 'degraded';
  /** Units in the failed state (empty when running). */
  failedUnits: string[];
}

/** The normal user that exists inside every sandbox with the unprivileged profile. */
export interface SandboxAccount {
  name: 'unprivileged';
  uid: number;
  gid: number;
  home: string;
}

export interface Sandbox {
  /** Unique per sandbox: the hostname inside, and part of the cgroup name `procform-<id>`. */
  readonly id: string;
  readonly profile: SandboxProfile;
  readonly init: SandboxInit;
  /** Host PID of the sandbox's PID 1. */
  readonly pid: number;
  /** The `unprivileged` account (unprivileged profile only). */
  readonly account: SandboxAccount | undefined;
  /** Host folders of the sandbox's cgroup, one per cgroup hierarchy. */
  readonly cgroups: readonly string[];
  /** The state systemd reached at boot (systemd init only). */
  readonly system: SystemState | undefined;
  /** Runs a command to its end. A string runs through /bin/sh -c. */
  exec(command: string | readonly string[], options?: SandboxExecOptions): Promise<SandboxExecResult>;
  /** Runs a command and returns its standard output; throws SandboxCommandError unless it exits 0. */
  succeed(command: string | readonly string[], options?: SandboxExecOptions): Promise<string>;
  /** Starts a command and returns at once. */
  spawn(command: string | readonly string[], options?: SandboxSpawnOptions): SandboxChild;
  /** systemd init only: waits until boot has finished and reports running or degraded. */
  waitForSystem(options?: { timeoutMs?: number }): Promise<SystemState>;
  /** Kills everything inside and removes the sandbox's cgroups. Idempotent. */
  destroy(): Promise<void>;
}
