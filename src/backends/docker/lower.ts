import { searchPath } from '../../process/search-path.ts';
import { shLaunchArgv } from '../../runtime/sh-launch.ts';
import { resolveTool } from '../../target/resolve-tool.ts';
import type { LowerInput } from '../types.ts';
import type { DockerParams } from './params.ts';

const restartPolicies = { no: 'no', 'on-failure': 'on-failure', always: 'unless-stopped' } as const;

/**
 * The agnostic process → one container: its command runs the program in the foreground (a daemon
 * behind the shared foreground proxy), after umask, working folder, `initialize` and nice, then drops
 * to the instance's user with setpriv, so that `initialize` runs as root, as upstream's. docker itself
 * restarts it, stops it with the stop signal and keeps and rotates its output.
 */
export function lowerDocker({ spec, ctx }: LowerInput): DockerParams {
  const program = (spec.foreground ?? spec.daemon)!;
  const programs: string[] = [];
  let command = program;
  if (spec.user !== null) {
    const setpriv = resolveTool(ctx.target, spec.instance, 'setpriv', { neededBy: 'the docker backend (to drop privileges)', install: 'apt-get install util-linux' });
    // Its primary group: the model's, else the account's on the target (one the switch has still to create: its own name).
    const account = ctx.target.users().find((user) => user.name === spec.user);
    const group = spec.credentials.users[spec.user]?.group ?? (account === undefined ? spec.user : String(account.gid));
    command = { executable: setpriv, args: [`--reuid=${spec.user}`, `--regid=${group}`, '--init-groups', '--', program.executable, ...program.args] };
    programs.push(program.executable);
  }
  if (spec.readiness?.kind === 'exec' && spec.readiness.command[0]?.startsWith('/')) programs.push(spec.readiness.command[0]);
  const { PATH: pathVariable, ...rest } = spec.environment;
  return {
    name: spec.name,
    description: spec.description,
    command: shLaunchArgv({
      name: spec.name,
      command,
      initialize: spec.initialize,
      umask: spec.umask,
      directory: spec.directory,
      nice: spec.nice,
      daemon: spec.foreground === null ? { pidFile: spec.pidFile, stop: spec.stop } : null,
    }),
    environment: { ...rest, PATH: searchPath(spec.path, pathVariable) },
    programs,
    daemonPidFile: spec.foreground === null ? spec.pidFile : null,
    user: spec.user,
    volumes: outermost([ctx.stateDir, ctx.runtimeDir, ctx.logDir, ctx.cacheDir, ctx.libDir, ctx.spoolDir, ctx.lockDir, ctx.tmpDir]),
    readOnlyVolumes: [ctx.storeDir],
    restart: restartPolicies[spec.restart.policy],
    stopSignal: spec.stop.signal,
    stopTimeoutSeconds: Math.max(1, Math.ceil(spec.stop.timeoutMs / 1000)),
    logRotation: spec.log.rotate === null ? null : { maxBytes: spec.log.rotate.maxBytes, files: spec.log.rotate.keep + 1 },
    readiness: spec.readiness,
    dependencies: spec.dependencies,
    createParameters: {},
  };
}

/** The folders, without those inside another one (mounting /var mounts /var/log too). */
function outermost(folders: readonly string[]): string[] {
  const unique = [...new Set(folders)].sort();
  return unique.filter((folder) => !unique.some((other) => other !== folder && folder.startsWith(`${other}/`)));
}
