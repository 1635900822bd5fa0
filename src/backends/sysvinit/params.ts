// What the sysvinit backend lowers a process to: upstream's createSystemVInitScript parameters
// (same names, so upstream-style overrides such as `overrides.sysvinit.runlevels` or
// `instructions.start.instruction` work), plus procform's portable semantics.
import type { DaemonizedProcessParams } from '../daemonized-process.ts';

/** One generated activity: its progress word ("Starting") and the shell commands it runs. */
export interface Instruction {
  activity: string;
  instruction: string;
}

/** `name` is the script's (`etc/rc.d/init.d/<name>`, the LSB `Provides:`); `dependencies` its LSB `Should-Start`. */
export interface SysvinitParams extends DaemonizedProcessParams, Record<string, unknown> {
  /** Sent by `reload`, to the process only. */
  reloadSignal: string;
  /** Emitted first: sources procform's init functions. */
  initialInstructions: string;
  /** Emitted after initialInstructions, before the environment. */
  globalInstructions: string;
  /** Merged over the generated start/stop/reload instructions, per activity. */
  instructions: Record<string, Partial<Instruction>>;
  /** Raw shell per activity, over the generated ones. */
  activities: Record<string, string>;
  removeActivities: string[];
  /** Runlevels to start in (`Default-Start`); the others get kill links. Empty: defaultStart/defaultStop. */
  runlevels: number[];
  defaultStart: number[];
  defaultStop: number[];
  /** Start sequence number: 0 without dependencies, else the highest of theirs plus one. */
  sequence: number;
}

export const SUPPORTED_RUNLEVELS = [0, 1, 2, 3, 4, 5, 6] as const;
/** Upstream fails to start anything without runlevels (its quirk 23); ours start in the multi-user ones. */
export const DEFAULT_RUNLEVELS = [2, 3, 4, 5];
export const MIN_SEQUENCE = 0;
export const MAX_SEQUENCE = 99;
