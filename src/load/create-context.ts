import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { DeploymentDirs, Ids, ProcessContext } from '../model/types.ts';
import type { PendingStore } from '../store/pending-store.ts';

export interface ContextInput {
  dirs: DeploymentDirs;
  forceDisableUserChange: boolean;
  processManager: string;
  ids: Ids;
  extraParams: Record<string, unknown>;
  store: PendingStore;
  /** Who deploys, when that is not this process's user (the test driver evaluates for a machine's user). */
  caller?: { user: string; group: string };
}

/** The context a model is evaluated with. The store helpers record files; the build writes them. */
export function createContext(input: ContextInput): ProcessContext {
  const user = userInfo();
  return {
    ...input.dirs,
    storeDir: input.store.storeDir,
    forceDisableUserChange: input.forceDisableUserChange,
    processManager: input.processManager,
    ids: input.ids,
    extraParams: input.extraParams,
    callingUser: input.caller?.user ?? user.username,
    callingGroup: input.caller?.group ?? groupName(user.gid),
    writeTextFile: (options) => input.store.writeTextFile(options),
    writeScript: (name, text) => input.store.writeScript(name, text),
  };
}

/** The name of a group, from /etc/group; the number when it has none. */
export function groupName(gid: number): string {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((entry) => entry.split(':')[2] === String(gid));
    return line?.split(':')[0] ?? String(gid);
  } catch {
    return String(gid);
  }
}
