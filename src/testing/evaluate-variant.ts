import type { EvaluatedModel } from '../load/evaluate-model.ts';
import { evaluateModel } from '../load/evaluate-model.ts';
import type { ModelFunction } from '../load/load-model.ts';
import { procformHome } from '../model/deployment-dirs.ts';
import type { ProfileSettings } from './profiles.ts';
import type { Variant } from './types.ts';

/**
 * The model as `procform switch` inside the machine will see it: the same folders, user handling,
 * process manager, parameters and caller. Tests read the instances' own properties (port, dnsName)
 * from it, so they must match what is deployed. It runs on the host, and writes nothing.
 */
export async function evaluateVariant(variant: Variant, settings: ProfileSettings, model: ModelFunction): Promise<EvaluatedModel> {
  const caller = settings.user === 'root' ? { user: 'root', group: 'root' } : { user: 'unprivileged', group: 'unprivileged' };
  return evaluateModel(
    variant.test.modelFile,
    {
      dirs: settings.dirs,
      storeDir: procformHome(settings.dirs, {}).storeDir,
      forceDisableUserChange: settings.forceDisableUserChange,
      processManager: variant.processManager,
      extraParams: variant.test.options.extraParams ?? {},
      caller,
    },
    model,
  );
}
