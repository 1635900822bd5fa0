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
  /**
   * Runs one child that writes `lines` lines of `line` to stdout once the file `burst.go` exists;
   * returns the files its output lands in (with rotation, the rotated ones too), or null when this
   * manager cannot rotate by itself.
   */
  logBurst(line: string, lines: number, burst: Burst): Promise<(() => string[]) | null>;
}

/** The command of one child, as argv. */
export const httpdArgv = (port: number): string[] => ['/usr/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`];

/** The writer's start signal, and the rotation asked of the manager (null: none). */
export interface Burst {
  go: string;
  rotate: { maxBytes: number; keep: number } | null;
}

/** Waits for the go file (so that the manager's memory can be read before), then writes as fast as it can. */
export const burstScript = (line: string, lines: number, go: string) => `while [ ! -e ${go} ]; do sleep 0.01; done; yes '${line}' | head -n ${lines}`;

/** A log file and the files rotation made of it (file.1 … file.keep). */
export const withRotated = (file: string, keep: number): string[] => [file, ...Array.from({ length: keep }, (_, index) => `${file}.${index + 1}`)];
