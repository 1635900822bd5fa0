import type { ManifestInstance } from '../build/manifest.ts';
import { UsageError } from '../errors.ts';
import { didYouMean } from '../text/did-you-mean.ts';
import type { DeployedProfile } from './types.ts';

/** An instance of a profile by its key or its process name. */
export function findInstance(profile: DeployedProfile, name: string): ManifestInstance {
  const found = profile.manifest.instances[name] ?? Object.values(profile.manifest.instances).find((entry) => entry.name === name);
  if (!found) throw unknownInstances(profile, [name]);
  return found;
}

/** The one wording of "no such instance", for every command that names instances (restart, logs). */
export function unknownInstances(profile: DeployedProfile, names: readonly string[]): UsageError {
  const known = profile.manifest.startOrder;
  const candidates = Object.values(profile.manifest.instances).flatMap((entry) => [entry.instance, entry.name]);
  return new UsageError(`the deployment has no instance ${names.map((name) => `"${name}"${didYouMean(name, candidates)}`).join(', ')}`, {
    hint: known.length === 0 ? 'It has no instances.' : `Its instances: ${known.join(', ')}.`,
  });
}
