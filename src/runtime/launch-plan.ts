// What a manager can do itself for an instance, and what a generated wrapper script must do for it
// (supervisord's today). Pure: the backend's lower.ts builds the program from it and its explain.ts
// reports it, so the two never disagree.
import type { LowerInput } from '../backends/types.ts';
import type { Command, ReadinessSpec } from '../model/types.ts';
import { searchPath } from '../process/search-path.ts';

/** What the manager's configuration can carry, and where it writes an instance's output. */
export interface ManagerAbilities {
  /** The whole argv fits the manager's command line, byte for byte. */
  carriesArgv(argv: readonly string[]): boolean;
  /** An environment value fits the manager's environment setting, byte for byte. */
  carriesEnvironmentValue(value: string): boolean;
  /** The log file the manager writes an instance's output to (a log readiness check reads it). */
  logFile(logDir: string, name: string): string;
}

export interface DependencyWait {
  dependency: string;
  spec: ReadinessSpec;
  logFile?: string;
}

export interface LaunchPlan {
  /** Foreground is preferred, as upstream: supervisord can only watch a process that does not fork away. */
  mode: 'foreground' | 'daemon';
  command: Command;
  /** The arguments cannot sit on supervisord's command= line (a line break): the wrapper sets them. */
  argvInWrapper: boolean;
  /** Dependencies' readiness checks the wrapper waits for: supervisord itself only orders by priority. */
  waitFor: DependencyWait[];
  initialize: string;
  /** Variables supervisord's environment= carries. */
  environment: Record<string, string>;
  /** Variables it cannot carry (line breaks, both quotes, …): the wrapper exports them. */
  exported: Record<string, string>;
  /** supervisord's user=, or null. */
  user: string | null;
  /** The user the wrapper switches to with setpriv, after what must run as root (initialize, negative nice). */
  dropPrivilegesTo: string | null;
  nice: number | null;
  /** Prefix output lines with timestamps (a foreground program's; a daemon's output is its own business). */
  timestamps: boolean;
  needsWrapper: boolean;
}

export function planLaunch({ spec, processes, ctx }: LowerInput, manager: ManagerAbilities): LaunchPlan {
  const mode = spec.foreground ? 'foreground' : 'daemon';
  const command = (spec.foreground ?? spec.daemon)!;
  const argvInWrapper = !manager.carriesArgv([command.executable, ...command.args]);

  const waitFor: DependencyWait[] = [];
  for (const name of spec.dependencies) {
    const dependency = processes.get(name)!;
    if (dependency.readiness === null) continue;
    waitFor.push({
      dependency: name,
      spec: dependency.readiness,
      ...(dependency.readiness.kind === 'log' && { logFile: manager.logFile(ctx.logDir, dependency.name) }),
    });
  }

  const { PATH: pathVariable, ...rest } = spec.environment;
  const full: Record<string, string> = { PATH: searchPath(spec.path, pathVariable), ...rest };
  const environment: Record<string, string> = {};
  const exported: Record<string, string> = {};
  for (const [name, value] of Object.entries(full)) (manager.carriesEnvironmentValue(value) ? environment : exported)[name] = value;

  // The wrapper holds the exported values, so it is readable by root alone (a private store file):
  // it must run as root then, and drop privileges itself.
  const needsRoot = spec.initialize !== '' || (spec.nice !== null && spec.nice < 0) || Object.keys(exported).length > 0;
  const dropPrivilegesTo = spec.user !== null && needsRoot ? spec.user : null;
  const timestamps = spec.log.timestamps && mode === 'foreground';
  const needsWrapper =
    mode === 'daemon' || argvInWrapper || waitFor.length > 0 || spec.initialize !== '' || Object.keys(exported).length > 0 || spec.nice !== null || timestamps;
  return {
    mode,
    command,
    argvInWrapper,
    waitFor,
    initialize: spec.initialize,
    environment,
    exported,
    user: dropPrivilegesTo === null ? spec.user : null,
    dropPrivilegesTo,
    nice: spec.nice,
    timestamps,
    needsWrapper,
  };
}
