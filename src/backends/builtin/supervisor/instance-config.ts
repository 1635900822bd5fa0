// What the supervisor runs for one instance: the builtin backend's lowered parameters, stored as
// `builtin/<name>.json` in the instance's store entry. `overrides.builtin` deep-merges into it, so
// every field is plain data with a name a user can guess.
import type { ReadinessSpec, RestartSpec, StopSpec } from '../../../model/types.ts';

export interface InstanceConfig {
  instance: string;
  name: string;
  /**
   * 'foreground': the process stays in the foreground and is supervised directly.
   * 'daemon': the command forks a daemon and exits; the daemon is found through `pidFile`.
   */
  mode: 'foreground' | 'daemon';
  executable: string;
  args: string[];
  /** The daemon's PID file (daemon mode only). */
  pidFile: string | null;
  /** The whole environment of the process, PATH included. */
  environment: Record<string, string>;
  directory: string | null;
  /** Octal, as a string: '0022'. */
  umask: string | null;
  nice: number | null;
  /** Run as this user (with its groups, supplementary ones included); null: as the supervisor's user. */
  user: string | null;
  /** Shell commands run with `sh -e` before the process, as the supervisor's user (root when privileged). */
  initialize: string;
  readiness: ReadinessSpec | null;
  restart: RestartSpec;
  stop: StopSpec;
  log: {
    /** stdout and stderr of the process (and of `initialize`) go to this one file. */
    file: string;
    timestamps: boolean;
    rotate: { maxBytes: number; keep: number } | null;
    /** Longer lines are cut into pieces of this size; pieces after the first start with "↪ ". */
    maxLineBytes: number;
  };
}

export const CONFIG_FOLDER = 'builtin';

export function configFileName(name: string): string {
  return `${CONFIG_FOLDER}/${name}.json`;
}
