// The shapes a test file is written in (testService's options, the parameters its functions get)
// and what a run produces (variants, results). Plain data, except the functions a test supplies.
import type { InstanceStatus } from '../deploy/types.ts';
import type { Instance, Instances } from '../model/types.ts';
import type { SandboxProfile, SandboxUser } from '../sandbox/types.ts';
import type { Machine } from './machine.ts';

/** Who deploys: root with accounts created and processes dropping privileges, or the normal user `unprivileged`. */
export type TestProfile = SandboxProfile;

export const TEST_PROFILES: readonly TestProfile[] = ['privileged', 'unprivileged'];

/** What every function of a test receives, once per variant. */
export interface VariantParams {
  machine: Machine;
  /** The model's instances, evaluated with this variant's context (their own properties: port, dnsName, …). */
  processes: Instances;
  processManager: string;
  profile: TestProfile;
  stateDir: string;
  runtimeDir: string;
  logDir: string;
  tmpDir: string;
  /** True in the unprivileged profile: no accounts are created, no process changes user. */
  forceDisableUserChange: boolean;
}

/** What `readiness` and `tests` receive, once per instance. */
export interface InstanceParams extends VariantParams {
  /** The instance's key in the model. */
  instanceName: string;
  instance: Instance;
}

export type VariantFunction = (params: VariantParams) => void | Promise<void>;
export type InstanceFunction = (params: InstanceParams) => void | Promise<void>;

/** upstream's testService parameters, in TypeScript. */
export interface TestServiceOptions {
  /** Names the test's variants (`<name>.<profile>.<processManager>`). Default: the model file's name. */
  name?: string;
  /** The processes model: a path relative to the test file, an absolute path, or a file URL. */
  exprFile: string | URL;
  /** Passed to the model as ctx.extraParams (and to `procform switch --extra-params`). */
  extraParams?: Record<string, unknown>;
  /** Default: every process manager the test driver knows (builtin, supervisord, sysvinit, systemd). */
  processManagers?: readonly string[];
  /** Default: both. */
  profiles?: readonly TestProfile[];
  /**
   * Debian packages the test needs besides the process manager's (nginx, curl, …). The machine's
   * file system is a copy-on-write view of the host's, so they must be installed on the host; a
   * missing one stops the run before any machine starts, with the apt-get command that installs it.
   */
  packages?: readonly string[];
  /** Prepares each machine before deployment (extra files, accounts, …), as upstream's nixosConfig. */
  setup?: VariantFunction;
  /** After deployment, before readiness. */
  initialTests?: VariantFunction;
  /** Per instance, in the model's order: wait until it is ready. */
  readiness?: InstanceFunction;
  /** Per instance, in the model's order, after every instance's readiness. */
  tests?: InstanceFunction;
  /** Once, after the instances' tests. */
  postTests?: VariantFunction;
  /** Longest a variant may take, from machine start to teardown (default 120 s, or `procform test --timeout`). */
  timeoutMs?: number;
}

/** What testService returns: the options, tagged, so that the runner finds them among a file's exports. */
export interface TestService {
  kind: 'procform-test';
  options: TestServiceOptions;
}

/** A test as found in a test file, its model located. */
export interface LoadedTest {
  name: string;
  /** The test file that declares it. */
  file: string;
  /** The processes model, an absolute path. */
  modelFile: string;
  options: TestServiceOptions;
}

/** One cell of the matrix: a test under one process manager and one profile. */
export interface Variant {
  /** `<test>.<profile>.<processManager>`, upstream's attribute path. */
  id: string;
  test: LoadedTest;
  processManager: string;
  profile: TestProfile;
}

/** The steps of a variant, in order. Timings are recorded per phase. */
export const PHASES = ['evaluate', 'machine', 'setup', 'deploy', 'initialTests', 'readiness', 'tests', 'postTests', 'teardown'] as const;
export type Phase = (typeof PHASES)[number];

/** Where a variant failed: the phase, and the instance for per-instance phases. */
export interface FailurePoint {
  phase: Phase;
  instance?: string;
}

/** Logs gathered from a machine when its variant failed, before it was torn down. */
export interface VariantLogs {
  /** `procform switch`'s output. */
  deploy?: string;
  /** The process manager's own log. */
  manager?: string;
  /** Each instance's log, last lines. */
  instances: Record<string, string>;
  /** `procform status` at the time of the failure. */
  status?: InstanceStatus[];
}

export type VariantOutcome =
  | { status: 'passed' }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; at: FailurePoint; message: string; location?: string; logs?: VariantLogs }
  | { status: 'interrupted'; at: FailurePoint };

export type VariantResult = VariantOutcome & {
  variant: Variant;
  /** Milliseconds spent in each phase that ran. */
  timings: Partial<Record<Phase, number>>;
  durationMs: number;
  /** The machine's id (its hostname and cgroup name), once it was created. */
  machineId?: string;
};

/** Options of a command run in a machine. */
export interface MachineCommandOptions {
  /** Default: the profile's user (root when privileged, `unprivileged` otherwise). */
  user?: SandboxUser;
  /** Kill the command after this long. Default: the variant's remaining time. */
  timeoutMs?: number;
}

/** Options of the machine's waits. */
export interface WaitOptions {
  /** Give up after this long. Default 30 s (never beyond the variant's own deadline). */
  timeoutMs?: number;
  user?: SandboxUser;
}
