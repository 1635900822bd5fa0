import { boundingSetArgument } from './capabilities.ts';
import type { SandboxUser } from './types.ts';

/**
 * The host command that runs `command` inside a sandbox:
 * - nsenter joins PID 1's mount, uts, ipc, network, pid and cgroup namespaces (the mount namespace
 *   brings its root, /etc included, so users and groups resolve inside) and forks the command;
 * - setpriv drops the same host-wide capabilities PID 1 lacks and, for the normal user, changes
 *   uid, gid and groups (looked up in the sandbox's /etc);
 * - env -i gives the command only the login environment, never the creator's.
 * Commands do not join the sandbox's cgroups: moving a process between cgroups costs an RCU grace
 * period (10–20 ms here), more than the rest of entering; the pid namespace already ends them all.
 */
export function enterCommand(
  pid1: number,
  command: readonly string[],
  user: SandboxUser,
  env: Record<string, string>,
  cwd: string,
): string[] {
  const identity = user === 'root' ? [] : [`--reuid=${user}`, `--regid=${user}`, '--init-groups'];
  return [
    'nsenter',
    `--target=${pid1}`,
    '--mount',
    '--uts',
    '--ipc',
    '--net',
    '--pid',
    '--cgroup',
    `--wdns=${cwd}`,
    '--',
    'setpriv',
    ...identity,
    '--bounding-set',
    boundingSetArgument(),
    '--',
    'env',
    '-i',
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    ...command,
  ];
}

/** A string command runs through the shell, as with child_process.exec. */
export function commandArgv(command: string | readonly string[]): readonly string[] {
  return typeof command === 'string' ? ['/bin/sh', '-c', command] : command;
}
