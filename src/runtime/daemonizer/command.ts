import type { LogSpec, RestartSpec, StopSpec } from '../../model/types.ts';
import type { ProcformRuntime } from '../../target/build-target.ts';
import { nodeScriptCommand } from '../../target/build-target.ts';

/** What procform-daemonize needs to know about the program it runs (a backend's params have it). */
export interface DaemonizedProgram {
  name: string;
  pidFile: string;
  enableDaemonOutputLogging: boolean;
  logFile: string;
  log: LogSpec;
  user: string | null;
  restart: RestartSpec;
  stop: StopSpec;
  /** The foreground program and its arguments. */
  process: string;
  args: string[];
}

/**
 * The argv that runs a foreground-only process as a daemon (procform-daemonize, see
 * daemonize/daemonize-main.ts), with Node and the script pinned to absolute paths.
 */
export function daemonizeCommand(runtime: ProcformRuntime, params: DaemonizedProgram, statusFile: string): string[] {
  return [
    ...nodeScriptCommand(runtime, 'src/runtime/daemonizer/main.js'),
    '--name',
    params.name,
    '--pid-file',
    params.pidFile,
    '--status-file',
    statusFile,
    ...(params.enableDaemonOutputLogging ? ['--log-file', params.logFile, '--log', JSON.stringify(params.log)] : []),
    ...(params.user === null ? [] : ['--user', params.user]),
    '--restart',
    JSON.stringify(params.restart),
    '--stop-signal',
    params.stop.signal,
    '--',
    params.process,
    ...params.args,
  ];
}

/** Where procform-daemonize reports its child's PID, restarts and state, for `procform status`. */
export function daemonizeStatusFile(runtimeDir: string, name: string): string {
  return `${runtimeDir}/${name}.daemonize.json`;
}
