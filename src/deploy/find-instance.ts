import type { ManifestInstance } from '../build/manifest.ts';
import { UsageError } from '../errors.ts';
import { didYouMean } from '../text/did-you-mean.ts';
import type { DeployedProfile } from './types.ts';

/** An instance of a profile by its key or its process name. */
export function findInstance(profile: DeployedProfile, name: string): ManifestInstance {
  const instances = Object.values(profile.manifest.instances);
  const found = profile.manifest.instances[name] ?? instances.find((entry) => entry.name === name);
  if (!found) {
    const names = instances.flatMap((entry) => [entry.instance, entry.name]);
    throw new UsageError(`there is no instance "${name}" in the current deployment${didYouMean(name, names)}`, {
      hint: `Instances: ${instances.map((entry) => entry.instance).join(', ') || 'none'}.`,
    });
  }
  return found;
}
