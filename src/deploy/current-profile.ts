import { ProcformError } from '../errors.ts';
import type { Deployment } from './deployment.ts';
import { readProfile } from './deployment.ts';
import { currentGeneration } from './generations.ts';
import { readJournal } from './journal.ts';
import type { DeployedProfile } from './types.ts';

/**
 * What the deployment runs: the profile of the current generation or, when the last switch did not
 * finish (it failed, or was killed), the profile it was switching to, whose instances may run even
 * if no generation was recorded. An error naming the state folder when nothing is deployed.
 */
export async function currentProfile(deployment: Deployment): Promise<DeployedProfile & { unfinished: boolean }> {
  const journal = await readJournal(deployment.journalPath);
  if (journal) return { ...(await readProfile(journal.to)), unfinished: true };
  const current = await currentGeneration(deployment.profiles);
  if (!current) throw new NothingDeployedError(deployment);
  return { ...(await readProfile(current.path)), unfinished: false };
}

/** No generation and no unfinished switch: `status` and `down` say so and succeed, other commands fail with it. */
export class NothingDeployedError extends ProcformError {
  constructor(deployment: Deployment) {
    super(nothingDeployed(deployment), { hint: 'Deploy with `procform switch`, or point at the deployment with --state-dir and --profile.' });
  }
}

/** The one wording of an empty deployment, whether it never had a generation or `down` left an empty one. */
export function nothingDeployed(deployment: Deployment): string {
  return `nothing is deployed in ${deployment.dirs.stateDir} (profile "${deployment.profiles.name}")`;
}
