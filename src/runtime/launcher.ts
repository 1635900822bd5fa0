import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { InstanceConfig } from '../backends/builtin/supervisor/instance-config.ts';
import type { Account } from './user-account.ts';

// Variables a child gets from the supervisor's own environment; everything else comes from the
// model, so a deployment behaves the same whoever happened to start the supervisor.
const inherited = ['LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES', 'TZ', 'HOME', 'USER', 'LOGNAME'];

/**
 * The launcher: one `sh` between the supervisor and the program, replaced by it through `exec`
 * (same PID). It does what Node's spawn cannot: stdout and stderr into one pipe (lines of both stay
 * in order in one log), the umask, the nice value, the open-files limit the supervisor had before it
 * raised its own, `initialize` with `sh -e` as the supervisor's user, and (through setpriv) the
 * user with all its groups. The program and its arguments are positional parameters, never parsed
 * by a shell, so they reach the program byte for byte.
 */
const launcher = `exec 2>&1
[ -n "$PROCFORM_NOFILE" ] && ulimit -n "$PROCFORM_NOFILE" 2>/dev/null
[ -n "$PROCFORM_UNSET_PWD" ] && unset PWD
unset PROCFORM_NOFILE PROCFORM_UNSET_PWD
[ -n "$1" ] && umask "$1"
if [ -n "$2" ]; then
  /bin/sh -e -c "$2" initialize || { status=$?; echo "[procform] initialize failed with status $status"; exit $status; }
fi
shift 2
exec "$@"`;

export interface Launch {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** The launcher's command line and environment for one run of an instance. */
export function planLaunch(config: InstanceConfig, account: Account | null, childNofile: string | undefined): Launch {
  const env: Record<string, string> = {};
  for (const name of inherited) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (account) Object.assign(env, { HOME: account.home, USER: account.name, LOGNAME: account.name });
  Object.assign(env, config.environment);
  if (childNofile) env.PROCFORM_NOFILE = childNofile;
  // sh exports PWD; the process gets it only when the model sets it.
  if (config.environment.PWD === undefined) env.PROCFORM_UNSET_PWD = '1';
  const program: string[] = [];
  if (config.nice !== null) program.push(systemTool('nice'), '-n', String(config.nice));
  if (account) program.push(systemTool('setpriv'), `--reuid=${account.uid}`, `--regid=${account.gid}`, '--init-groups', '--');
  program.push(config.executable, ...config.args);
  return {
    file: '/bin/sh',
    args: ['-c', launcher, `procform[${config.name}]`, config.umask ?? '', config.initialize, ...program],
    env,
    cwd: config.directory ?? '/',
  };
}

/** Spawns the launcher in its own session and process group, stdout (with stderr) piped to the supervisor. */
export function spawnLaunch(launch: Launch): ChildProcess {
  return spawn(launch.file, launch.args, { cwd: launch.cwd, env: launch.env, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
}

const tools = new Map<string, string>();

/** nice (coreutils) and setpriv (util-linux) by absolute path, so the model's PATH stays exactly as given. */
function systemTool(name: string): string {
  let path = tools.get(name);
  if (path === undefined) {
    path = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((folder) => `${folder}/${name}`).find((candidate) => existsSync(candidate)) ?? name;
    tools.set(name, path);
  }
  return path;
}
