// What the test driver needs to know about each process manager, beyond what procform's own
// command line does for it (deploy, status, logs, which every backend's Driver provides).
//
// Adding a process manager to the driver: nothing, when its Driver starts its manager itself (as
// supervisord's and builtin's do) and it needs no special machine; add an entry below to name the
// programs it needs on the host (so variants are skipped with an install hint rather than failing),
// its log, its main process (for machine.crash()), or a different PID 1 (systemd).
import { supervisordPaths } from '../backends/supervisord/paths.ts';
import type { DeploymentDirs } from '../model/types.ts';
import { shellCommand } from '../shell/quote.ts';
import { controlPaths, supervisorLogFile } from '../backends/builtin/supervisor/paths.ts';
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
}

const tail = (file: string, lines: number) => `tail -n ${lines} ${shellCommand([file])} 2>/dev/null`;
const pidFrom = (file: string) => `cut -d ' ' -f 1 ${shellCommand([file])} 2>/dev/null`;

const managers: Record<string, TestManager> = {
  builtin: {
    init: 'none',
    programs: [],
    // The supervisor's PID file says "PID START_TIME".
    managerPid: ({ dirs }) => pidFrom(controlPaths(dirs.runtimeDir).pidFile),
    managerLog: ({ dirs }, lines) => tail(supervisorLogFile(dirs.logDir), lines),
  },
  supervisord: {
    init: 'none',
    programs: [{ path: '/usr/bin/supervisord', package: 'supervisor' }],
    managerPid: ({ dirs }) => pidFrom(supervisordPaths(dirs).pidFile),
    // Its start-up output only matters when it never got as far as its own log.
    managerLog: ({ dirs }, lines) => {
      const paths = supervisordPaths(dirs);
      return `${tail(paths.logFile, lines)} || ${tail(paths.startupLog, lines)}`;
    },
  },
  sysvinit: {
    init: 'none',
    programs: [{ path: '/sbin/start-stop-daemon', package: 'dpkg' }],
    noCrash: 'sysvinit has no process manager process: its init scripts start daemons and end',
  },
  systemd: {
    init: 'systemd',
    programs: [
      { path: '/lib/systemd/systemd', package: 'systemd' },
      { path: '/usr/bin/dbus-daemon', package: 'dbus' },
    ],
    // Privileged deployments go to the system manager, PID 1; unprivileged ones to the user's manager.
    managerPid: ({ profile, uid }) => (profile === 'privileged' ? 'echo 1' : `systemctl show --property=MainPID --value user@${uid}.service`),
    // The units' states say more than the journal, which is mostly the machine's boot and may not
    // have the last messages yet; the units' own output is in their log files.
    managerLog: ({ profile }, lines) => {
      const systemctl = profile === 'privileged' ? 'systemctl' : 'systemctl --user';
      return `${systemctl} status --no-pager --full --lines=5 'procform-*' 2>&1; journalctl --no-pager --quiet --lines=${lines} 2>/dev/null`;
    },
  },
};

/** The driver's settings for a process manager; one without an entry runs with the defaults. */
export function testManager(processManager: string): TestManager {
  return managers[processManager] ?? { init: 'none', programs: [] };
}

/** The process managers a test runs under when it names none: every one with an entry here. */
export const DEFAULT_TEST_MANAGERS: readonly string[] = Object.keys(managers);
