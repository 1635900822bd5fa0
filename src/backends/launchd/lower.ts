import { searchPath } from '../../process/search-path.ts';
import { shLaunchArgv } from '../../runtime/sh-launch.ts';
import type { LowerInput } from '../types.ts';
import type { PlistValue } from './plist.ts';

/** The plist's keys, as launchd reads them; overrides set or (with null) remove any key. */
export type LaunchdParams = Record<string, PlistValue | null>;

/** Upstream's default is org.nixos.; procform's labels say who made them. */
export const LABEL_PREFIX = 'org.procform.';

/**
 * The agnostic process → a launchd job, as upstream's generate-launchd-daemon: the foreground
 * process (launchd supervises processes that stay in the foreground; a daemon-only one runs under
 * the foreground proxy), its environment with PATH, folder, umask, nice and user as plist keys,
 * and what upstream leaves out: KeepAlive from the restart policy, ThrottleInterval from the backoff,
 * ExitTimeOut from the stop timeout, and the output log. `initialize` runs from a `/bin/sh -c`
 * prefix, as launchd has no pre-start hook.
 */
export function lowerLaunchd({ spec, ctx }: LowerInput): LaunchdParams {
  const foreground = spec.foreground !== null;
  const { PATH: pathVariable, ...environment } = spec.environment;
  const log = `${ctx.logDir}/${spec.name}.log`;
  const { policy, backoff } = spec.restart;
  return {
    Label: `${LABEL_PREFIX}${spec.name}`,
    ProgramArguments: shLaunchArgv({
      name: spec.name,
      command: (spec.foreground ?? spec.daemon)!,
      initialize: spec.initialize,
      umask: null,
      directory: null,
      nice: null,
      daemon: foreground ? null : { pidFile: spec.pidFile, stop: spec.stop },
    }),
    EnvironmentVariables: { ...environment, PATH: searchPath(spec.path, pathVariable) },
    WorkingDirectory: spec.directory,
    // launchd reads Umask as a number: the octal mode's value.
    Umask: spec.umask === null ? null : Number.parseInt(spec.umask, 8),
    Nice: spec.nice,
    UserName: spec.user,
    RunAtLoad: true,
    KeepAlive: policy === 'always' ? true : policy === 'on-failure' ? { SuccessfulExit: false, Crashed: true } : false,
    ThrottleInterval: policy === 'no' ? null : Math.max(1, Math.round(backoff.initialMs / 1000)),
    ExitTimeOut: Math.max(1, Math.ceil(spec.stop.timeoutMs / 1000)),
    StandardOutPath: log,
    StandardErrorPath: log,
  };
}
