import { ProcformError } from '../errors.ts';
import type { Deployment } from './deployment.ts';
import { readProfile } from './deployment.ts';
import { currentGeneration } from './generations.ts';
import type { DeployedProfile } from './types.ts';

/** The profile of the current generation; an error naming the state folder when nothing is deployed. */
export async function currentProfile(deployment: Deployment): Promise<DeployedProfile> {
  const current = await currentGeneration(deployment.profiles);
  if (!current) {
    throw new ProcformError(`nothing is deployed in ${deployment.dirs.stateDir} (profile "${deployment.profiles.name}")`, {
      hint: 'Deploy with `procform switch`, or point at the deployment with --state-dir and --profile.',
    });
  }
  return readProfile(current.path);
}
