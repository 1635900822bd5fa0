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
    callingUser: user.username,
    callingGroup: groupName(user.gid),
    writeTextFile: (options) => input.store.writeTextFile(options),
    writeScript: (name, text) => input.store.writeScript(name, text),
  };
}

function groupName(gid: number): string {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((entry) => entry.split(':')[2] === String(gid));
    return line?.split(':')[0] ?? String(gid);
  } catch {
    return String(gid);
  }
}
