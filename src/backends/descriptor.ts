// What procform knows about a process manager without loading its backend: the README's row, the
// user docs, the test framework's needs, the manager's own subcommands. Each backend declares its
// descriptor in src/backends/<name>/descriptor.ts and registry.ts lists it; everything that lists
// process managers (the README table, --process-manager's help, `procform test`'s matrix, the
// conformance suite) is derived from that list. Descriptors stay small: the CLI imports them all.
import type { Command } from 'commander';
import type { TestManager } from '../testing/test-manager.ts';
import type { DeploymentDirs } from '../model/types.ts';
import type { Backend } from './types.ts';

/** What a backend's subcommands may use from the command line without importing it. */
export interface BackendCli {
  /** Adds the options that locate a deployment (--state-dir, …, --profile). */
  addDirOptions(command: Command): Command;
}

export interface BackendDescriptor {
  /** The `-P` value. */
  name: string;
  /** Other `-P` values that mean this backend (upstream's names for it). */
  aliases?: readonly string[];
  /** The README's table: what it deploys with. */
  deploysWith: string;
  /** The README's table: what a user should know first. */
  notes: string;
  /** Its page for users, relative to the repository (linked from the README's table). */
  docs: string;
  /** The backend itself (lower, render, explain, driver), imported only when it is used. */
  load(): Promise<Backend>;
  /**
   * Present exactly when the backend deploys (has a driver): how the test framework runs it. Every
   * backend with it is in `procform test`'s default matrix and runs the conformance suite.
   */
  testing?: TestManager;
  /**
   * Its manager (or private root) lives in the deployment's runtime folder and runs exactly the
   * profile it was last given: a second profile on the same runtime folder would stop the first
   * one's instances, so such a switch is refused (src/deploy/shared-manager.ts).
   */
  oneProfilePerRuntimeDir?: true;
  /**
   * Called when a switch begins, before the model is loaded and built, with the folders the
   * deployment will most likely have: starts the process manager unless it runs, so that it starts
   * while the model builds (builtin's supervisor). Never throws: the driver's `apply` reports what
   * fails. Kept apart from the backend so that calling it loads little.
   */
  warmUp?(dirs: DeploymentDirs): Promise<void>;
  /** Subcommands of its own (`procform supervisord`), their actions imported only when they run. */
  commands?(program: Command, cli: BackendCli): void;
}
