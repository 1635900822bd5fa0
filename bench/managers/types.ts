/** One process manager under benchmark, driving the same workload: busybox httpd children, one port each. */
export interface Manager {
  name: string;
  /** Writes the manager's configuration for these ports (not timed: like writing a config file by hand). */
  prepare(ports: readonly number[]): Promise<void>;
  /** Starts N children with the manager cold (not running); resolves when the launch command returned. */
  launch(ports: readonly number[]): Promise<void>;
  /** PIDs of the manager's own processes (for RSS). */
  managerPids(): number[];
  /** Writes the configuration with child `index` on `newPort` (not timed), for changeOne. */
  prepareChange?(ports: readonly number[], index: number, newPort: number): Promise<void>;
  /** Applies the prepared one-program change the way this manager does (timed). */
  changeOne?(): Promise<void>;
  /** Restarts every child the way this manager's users do; resolves when the command returned. */
  restartAll?(): Promise<void>;
  /** Applies an unchanged configuration again (supervisorctl update); resolves when the command returned. */
  applyUnchanged?(): Promise<void>;
  /** Stops every child and the manager; resolves when the stop command returned. */
  shutdown(): Promise<void>;
  /** Runs one child writing `lines` lines of `line` to stdout; returns the files its output lands in. */
  logBurst(line: string, lines: number): Promise<() => string[]>;
}

/** The command of one child, as argv. */
export const httpdArgv = (port: number): string[] => ['/usr/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`];

export const burstScript = (line: string, lines: number) => `yes '${line}' | head -n ${lines}`;
