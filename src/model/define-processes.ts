import type { Instances, ProcessContext, ProcessesModel } from './types.ts';

/**
 * Declares a processes model. The function receives the deployment's context (folders, IDs,
 * process manager, extra parameters) and returns the instances, keyed by their identity.
 */
export function defineProcesses(instances: (ctx: ProcessContext) => Instances): ProcessesModel {
  return { kind: 'processes-model', instances };
}
