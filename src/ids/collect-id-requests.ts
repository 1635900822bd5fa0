// What `ids assign` needs from a model: its instances and the pools each asks for. The model is
// evaluated with the IDs it has so far, but not validated: before its first assignment a model's
// ports are still 0 (`ctx.ids.webappPorts?.webapp ?? 0`), which a build rightly rejects.
import type { ModelProblem } from '../errors.ts';
import { ModelError } from '../errors.ts';
import { createContext } from '../load/create-context.ts';
import { describe, loadModel } from '../load/load-model.ts';
import type { DeploymentDirs, Ids } from '../model/types.ts';
import { PendingStore } from '../store/pending-store.ts';
import { hostTarget } from '../target/host-target.ts';

export interface CollectOptions {
  dirs: DeploymentDirs;
  storeDir: string;
  forceDisableUserChange: boolean;
  processManager: string;
  extraParams: Record<string, unknown>;
  ids: Ids;
}

/** Evaluates the model in `file` and returns, for every instance, the pools in its requiresUniqueIdsFor. */
export async function collectIdRequests(file: string, options: CollectOptions): Promise<Record<string, string[]>> {
  const model = await loadModel(file);
  const ctx = createContext({ ...options, store: new PendingStore(options.storeDir), target: hostTarget() });
  let instances: unknown;
  try {
    instances = model(ctx);
  } catch (error) {
    throw new ModelError(file, [{ message: `evaluating the processes model failed: ${describe(error)}` }], {
      cause: error,
      hint: 'A model must evaluate before it has IDs: read them as `ctx.ids.pool?.[instance] ?? 0`.',
    });
  }
  if (typeof instances !== 'object' || instances === null || Array.isArray(instances)) {
    throw new ModelError(file, [{ message: 'the model function must return an object of instances, keyed by instance name' }]);
  }
  const problems: ModelProblem[] = [];
  const requests: Record<string, string[]> = {};
  for (const [instance, value] of Object.entries(instances)) {
    const asked: unknown = (value as { requiresUniqueIdsFor?: unknown } | null)?.requiresUniqueIdsFor ?? [];
    if (!Array.isArray(asked) || !asked.every((pool) => typeof pool === 'string' && pool !== '')) {
      problems.push({ instance, field: 'requiresUniqueIdsFor', message: 'must be a list of pool names, such as ["webappPorts", "uids"]' });
      continue;
    }
    requests[instance] = asked as string[];
  }
  if (problems.length > 0) throw new ModelError(file, problems);
  return requests;
}
