import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter } from 'node:path';
import { packageRoot } from '../package-root.ts';
import type { BuildTarget, TargetGroup, TargetUser } from './build-target.ts';
import { parseGroup, parsePasswd } from './build-target.ts';

/** This machine, as the user running procform sees it: the default target of every build. */
export function hostTarget(): BuildTarget {
  let users: TargetUser[] | undefined;
  let groups: TargetGroup[] | undefined;
  let caller: { user: string; group: string } | undefined;
  const target: BuildTarget = {
    name: 'this machine',
    procformRuntime: () => ({ node: process.execPath, procform: packageRoot() }),
    searchPath: (process.env.PATH ?? '').split(delimiter).filter(Boolean),
    isExecutable: isExecutableFile,
    users: () => (users ??= parsePasswd(readOrEmpty('/etc/passwd'))),
    groups: () => (groups ??= parseGroup(readOrEmpty('/etc/group'))),
    get caller() {
      if (caller === undefined) {
        const user = userInfo();
        caller = { user: user.username, group: target.groups().find((group) => group.gid === user.gid)?.name ?? String(user.gid) };
      }
      return caller;
    },
    privileged: process.getuid?.() === 0,
  };
  return target;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A file's text, or '' when it does not exist (a root folder without /etc/group has no groups). */
export function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
