import { lstatSync, readlinkSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { DEFAULT_PATH } from '../process/search-path.ts';
import type { BuildTarget, ProcformRuntime, TargetGroup, TargetUser } from './build-target.ts';
import { parseGroup, parsePasswd, TargetError } from './build-target.ts';
import { readOrEmpty } from './host-target.ts';

export interface RootTargetOptions {
  /** The root folder: what the target system sees as `/` (an image's root file system). */
  root: string;
  /** Node inside the root (a path as the target sees it); default: `node` found in the root's system folders. */
  node?: string;
  /** procform's package folder inside the root (holding dist/), as the target sees it. */
  procform?: string;
  /** Who deploys inside the root; default root (an image's processes are started by its root user). */
  caller?: { user: string; group: string };
  /** Default: whether the caller is root. */
  privileged?: boolean;
}

/**
 * A root folder (an image's file system): executables are looked up inside it, symbolic links
 * followed as the target would follow them (an absolute link points into the root, not the host),
 * and accounts are its own /etc/passwd and /etc/group.
 */
export function rootTarget(options: RootTargetOptions): BuildTarget {
  const root = resolve(options.root);
  const name = `the root folder ${root}`;
  const isExecutable = (path: string): boolean => {
    const real = isAbsolute(path) ? realPathInRoot(root, path) : undefined;
    if (real === undefined) return false;
    try {
      const stat = statSync(join(root, real));
      return stat.isFile() && (stat.mode & 0o111) !== 0;
    } catch {
      return false;
    }
  };
  let users: TargetUser[] | undefined;
  let groups: TargetGroup[] | undefined;
  const caller = options.caller ?? { user: 'root', group: 'root' };
  return {
    name,
    procformRuntime(): ProcformRuntime {
      const node = options.node ?? DEFAULT_PATH.split(':').map((folder) => `${folder}/node`).find(isExecutable);
      if (node === undefined) {
        throw new TargetError(`${name} has no Node in its system folders (${DEFAULT_PATH})`, { hint: 'Install Node into the root, or give its path inside the root (--target-node).' });
      }
      if (!isExecutable(node)) throw new TargetError(`${name}: Node "${node}" is not an executable file inside the root`, { hint: 'Give the path of Node as the root sees it (--target-node).' });
      if (options.procform === undefined) {
        throw new TargetError(`the build needs procform's runtime inside ${name}, and no folder was given for it`, { hint: 'Give procform\'s package folder as the root sees it (--target-procform), where procform is or will be copied.' });
      }
      return { node, procform: options.procform };
    },
    searchPath: [],
    isExecutable,
    users: () => (users ??= parsePasswd(readOrEmpty(join(root, 'etc/passwd')))),
    groups: () => (groups ??= parseGroup(readOrEmpty(join(root, 'etc/group')))),
    caller,
    privileged: options.privileged ?? caller.user === 'root',
  };
}

/**
 * `path` with every symbolic link resolved inside `root` (as a chroot would), as a path the target
 * sees; undefined when a component is missing or links loop.
 */
export function realPathInRoot(root: string, path: string): string | undefined {
  const pending = path.split('/').filter(Boolean);
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = [...resolved, part];
    let stat;
    try {
      stat = lstatSync(join(root, ...candidate));
    } catch {
      return undefined;
    }
    if (!stat.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++links > 40) return undefined;
    const link = readlinkSync(join(root, ...candidate));
    if (posix.isAbsolute(link)) resolved.length = 0;
    pending.unshift(...link.split('/').filter(Boolean));
  }
  return `/${resolved.join('/')}`;
}
