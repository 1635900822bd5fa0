import { buildProfile, prepareProfile } from '../../build/build-profile.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { buildOptions, modelFile } from '../deployment-options.ts';
import { formatExplanations } from '../format-explanations.ts';
import { makeOutLink } from '../out-link.ts';

export async function build(model: string | undefined, flags: BuildFlags & { out?: string; explain?: boolean }): Promise<void> {
  const options = buildOptions(modelFile(model), flags);
  if (flags.explain) {
    // Explaining writes nothing: the profile is computed in memory only.
    const prepared = await prepareProfile(options);
    process.stdout.write(formatExplanations(prepared.explanations, flags.processManager));
    return;
  }
  const profile = await buildProfile(options);
  if (flags.out) await makeOutLink(flags.out, profile.path);
  process.stdout.write(`${profile.path}\n`);
}
