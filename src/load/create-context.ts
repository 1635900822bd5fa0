import type { DeploymentDirs, Ids, ProcessContext } from '../model/types.ts';
import type { PendingStore } from '../store/pending-store.ts';
import type { BuildTarget } from '../target/build-target.ts';

export interface ContextInput {
  dirs: DeploymentDirs;
  forceDisableUserChange: boolean;
  processManager: string;
  ids: Ids;
  extraParams: Record<string, unknown>;
  store: PendingStore;
  /** The system the profile is for. */
  target: BuildTarget;
  /** Who deploys, when that is not the target's caller (the test driver evaluates for a machine's user). */
  caller?: { user: string; group: string };
}

/** The context a model is evaluated with. The store helpers record files; the build writes them. */
export function createContext(input: ContextInput): ProcessContext {
  const caller = input.caller ?? input.target.caller;
  return {
    ...input.dirs,
    storeDir: input.store.storeDir,
    forceDisableUserChange: input.forceDisableUserChange,
    processManager: input.processManager,
    ids: input.ids,
    extraParams: input.extraParams,
    callingUser: caller.user,
    callingGroup: caller.group,
    target: input.target,
    writeTextFile: (options) => input.store.writeTextFile(options),
    writeScript: (name, text) => input.store.writeScript(name, text),
  };
}
