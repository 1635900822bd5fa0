// For generated configurations of managers that cannot set something up themselves (launchd has no
// pre-start hook, cygrunsrv no umask or nice): the program's argv wrapped in `/bin/sh -c SCRIPT`,
// the script doing the rest and ending by exec'ing the program (or, for a program that only
// daemonizes, by proxying it in the foreground). No file is needed: the program and its arguments
// stay separate words, "$@" of the script, so they reach the program byte for byte.
import type { Command, ProcessSpec, StopSpec } from '../model/types.ts';
import { shellQuote } from '../shell/quote.ts';
import { foregroundProxyLines } from './foreground-proxy.ts';

export interface ShLaunch {
  /** $0 of the script: what `ps` shows for the shell. */
  name: string;
  command: Command;
  initialize: string;
  umask: string | null;
  directory: string | null;
  nice: number | null;
  /** The program only daemonizes: proxy it (its PID file, the stop signal and timeout). */
  daemon: { pidFile: string; stop: StopSpec } | null;
}

/** The launch of a process as its spec asks: umask, folder, initialize and nice done by the script, a daemon proxied. */
export function shLaunchOf(spec: ProcessSpec, command: Command): ShLaunch {
  return {
    name: spec.name,
    command,
    initialize: spec.initialize,
    umask: spec.umask,
    directory: spec.directory,
    nice: spec.nice,
    daemon: spec.foreground === null ? { pidFile: spec.pidFile, stop: spec.stop } : null,
  };
}

/** The script that does what the manager cannot and ends by running "$@", or null when none is needed. */
export function shLaunchScript(launch: ShLaunch): string | null {
  const lines: string[] = [];
  if (launch.umask !== null) lines.push(`umask ${launch.umask}`);
  if (launch.directory !== null) lines.push(`cd ${shellQuote(launch.directory)}`);
  if (launch.initialize.trim() !== '') lines.push(launch.initialize.trimEnd());
  if (launch.nice !== null) lines.push(`set -- nice -n ${launch.nice} "$@"`);
  if (launch.daemon !== null) {
    lines.push(...foregroundProxyLines({ pidFile: launch.daemon.pidFile, stopSignal: launch.daemon.stop.signal.replace(/^SIG/, ''), stopTimeoutMs: launch.daemon.stop.timeoutMs }));
  } else if (lines.length > 0) {
    lines.push('exec "$@"');
  }
  return lines.length === 0 ? null : ['set -e', ...lines].join('\n');
}

/** The argv to configure: the program's own, or /bin/sh -c SCRIPT with the program as "$@". */
export function shLaunchArgv(launch: ShLaunch): string[] {
  const program = [launch.command.executable, ...launch.command.args];
  const script = shLaunchScript(launch);
  return script === null ? program : ['/bin/sh', '-c', script, launch.name, ...program];
}
