import { InstanceError } from '../errors.ts';
import { resolveExecutable } from '../model/resolve-executable.ts';
import type { BuildTarget } from './build-target.ts';
import { hostTarget } from './host-target.ts';

export interface ToolNeed {
  /** Who needs it, for the message: "the sysvinit backend", "the s6-rc run script". */
  neededBy: string;
  /** How to get it: "apt-get install coreutils". */
  install: string;
}

/**
 * A program a generated script runs, resolved at build time in the target's system folders only
 * (not the builder's PATH), so that scripts are the same for every user and a service's PATH
 * cannot break them. A missing one is an error naming the instance and how to install it.
 */
export function resolveTool(target: BuildTarget, instance: string, name: string, { neededBy, install }: ToolNeed): string {
  const resolution = resolveExecutable(name, target, { systemFoldersOnly: true });
  if (!resolution.ok) {
    throw new InstanceError(
      { instance, message: `${neededBy} needs ${name}, which was not found in the system folders of ${target.name}` },
      { hint: `Install it: ${install}` },
    );
  }
  return resolution.path;
}

/** The error a missing host program throws: the backend's own (RunitError, S6RcError …). */
export type HostProgramError = new (message: string, options: { hint?: string }) => Error;

const hostPrograms = new Map<string, string>();

/**
 * A program procform itself runs on this host (a process manager's own tool: sv, s6-rc, supervisord),
 * looked up once per process, in the system folders only unless `onPath`. A missing one throws
 * `fail` naming who needs it and how to install it. resolveTool's twin on the driver's side.
 */
export function hostProgram(name: string, { neededBy, install }: ToolNeed, fail: HostProgramError, { onPath = false } = {}): string {
  const key = `${onPath ? 'path' : 'system'}:${name}`;
  let path = hostPrograms.get(key);
  if (path === undefined) {
    const resolution = resolveExecutable({ kind: 'executable', name, install }, hostTarget(), { systemFoldersOnly: !onPath });
    if (!resolution.ok) throw new fail(`${neededBy} needs ${name}: ${resolution.message}`, { hint: resolution.hint });
    path = resolution.path;
    hostPrograms.set(key, path);
  }
  return path;
}
