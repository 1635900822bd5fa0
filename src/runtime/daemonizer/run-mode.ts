// Whether a backend that prefers daemons (sysvinit: upstream starts daemons with start-stop-daemon)
// may run an instance's `daemon` command, or must daemonize its foreground program itself.
import type { Command, ProcessSpec } from '../../model/types.ts';

/**
 * The command that daemonizes itself, or null when the program must be daemonized for it. A
 * `process` given alone (the docs' first example, `sleep 3600`) fills both modes with the same
 * command: nothing says it can detach, and a program that stays in the foreground would block
 * whatever waits for it to detach. So only a daemon command that differs from the foreground one
 * (`daemon`, `daemonArgs`, `daemonExtraArgs`, or a foreground variant of its own) counts as a daemon.
 */
export function selfDaemonizingCommand(spec: Pick<ProcessSpec, 'daemon' | 'foreground'>): Command | null {
  const { daemon, foreground } = spec;
  if (daemon === null) return null;
  if (foreground === null) return daemon;
  const same = daemon.executable === foreground.executable && daemon.args.length === foreground.args.length && daemon.args.every((arg, index) => arg === foreground.args[index]);
  return same ? null : daemon;
}

/** What --explain says of a `process` given alone, where the daemonizer runs it. */
export const PROCESS_ALONE_IS_FOREGROUND = 'a `process` without daemon arguments is taken to stay in the foreground';
