// What the test driver (`procform test`) and the conformance suite need to know about a process
// manager beyond its Driver: declared by each backend in its descriptor (src/backends/<name>/descriptor.ts).
import type { DeploymentDirs } from '../model/types.ts';
import type { SandboxInit } from '../sandbox/types.ts';
import type { TestProfile } from './types.ts';

/** What a manager's commands may depend on. */
export interface ManagerSite {
  dirs: DeploymentDirs;
  profile: TestProfile;
  /** The uid of the `unprivileged` account (unprivileged profile only). */
  uid: number | undefined;
}

export interface TestManager {
  /** The machine's PID 1: a small reaper, or systemd (which must be PID 1 to be the system manager). */
  init: SandboxInit;
  /** Programs it needs on the host (the machine sees the host's programs), with the Debian package. */
  programs: readonly { path: string; package: string }[];
  /**
   * A shell command (run as root in the machine) printing the PID of the manager's main process,
   * or nothing when it does not run. `1` means the manager is the machine's PID 1.
   */
  managerPid?(site: ManagerSite): string;
  /** A shell command (run as the profile's user) printing the last `lines` lines of the manager's own log. */
  managerLog?(site: ManagerSite, lines: number): string;
  /** Why machine.crash() cannot apply, for managers without a long-running process. */
  noCrash?: string;
  /**
   * Why the test framework's machines (sandboxes) cannot run it at all: it is then left out of
   * `procform test`'s default matrix and of the conformance suite, and its own tests in
   * test/backends/<name>/ prove it instead.
   */
  notInMachines?: string;
}
