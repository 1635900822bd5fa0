// What a build asks about the system its profile is for, instead of asking the machine it runs
// on: a profile built for a container image's root folder or for another machine must name that
// system's Node, procform, programs and accounts, not the builder's.
import { ProcformError } from '../errors.ts';

/** Where procform's scripts run on the target: its Node and procform's package folder (holding dist/). */
export interface ProcformRuntime {
  node: string;
  procform: string;
}

/** A line of the target's /etc/passwd. */
export interface TargetUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** A line of the target's /etc/group. */
export interface TargetGroup {
  name: string;
  gid: number;
  members: string[];
}

/**
 * The system a profile is built for: this machine (`hostTarget`), a root folder (`rootTarget`, for
 * images) or a machine described by `procform describe-machine` (`describedTarget`). Lowering and
 * rendering read the target, never the build host.
 */
export interface BuildTarget {
  /** For messages: "this machine", "the root folder /srv/image", "the machine described in m.json". */
  readonly name: string;
  /** Node and procform on the target; throws a TargetError when the target has none to offer. */
  procformRuntime(): ProcformRuntime;
  /** The deploying user's PATH on the target, searched for command names before the system folders. */
  readonly searchPath: readonly string[];
  /** Whether `path` (a path as the target sees it) is an executable file on the target. */
  isExecutable(path: string): boolean;
  /** The target's accounts: its /etc/passwd and /etc/group. */
  users(): readonly TargetUser[];
  groups(): readonly TargetGroup[];
  /** Who deploys on the target (ctx.callingUser, ctx.callingGroup). */
  readonly caller: { user: string; group: string };
  /** Whether who deploys is root: privileged default folders, and processes may change user. */
  readonly privileged: boolean;
}

/** The target cannot provide what the build needs (no Node, no procform), or its description is unusable. */
export class TargetError extends ProcformError {}

/**
 * The argv that runs one of procform's built scripts (`script` relative to dist/, as
 * `src/readiness/wait-ready-main.js`) on the target, with absolute paths: what generated wrappers,
 * units and init scripts embed, so that they never depend on anyone's PATH.
 */
export function nodeScriptCommand(runtime: ProcformRuntime, script: string): [node: string, script: string] {
  return [runtime.node, `${runtime.procform.replace(/\/+$/, '')}/dist/${script}`];
}

/** Parses /etc/passwd text; lines that are not accounts (comments, NIS "+" entries) are skipped. */
export function parsePasswd(text: string): TargetUser[] {
  return text.split('\n').flatMap((line) => {
    const [name, , uid, gid, , home, shell] = line.split(':');
    if (name === undefined || name === '' || name.startsWith('#') || name.startsWith('+') || !/^\d+$/.test(uid ?? '') || !/^\d+$/.test(gid ?? '')) return [];
    return [{ name, uid: Number(uid), gid: Number(gid), home: home ?? '', shell: shell ?? '' }];
  });
}

/** Parses /etc/group text. */
export function parseGroup(text: string): TargetGroup[] {
  return text.split('\n').flatMap((line) => {
    const [name, , gid, members] = line.split(':');
    if (name === undefined || name === '' || name.startsWith('#') || name.startsWith('+') || !/^\d+$/.test(gid ?? '')) return [];
    return [{ name, gid: Number(gid), members: (members ?? '').split(',').filter(Boolean) }];
  });
}
