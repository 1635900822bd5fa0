import { buildProfile, prepareProfile } from '../../build/build-profile.ts';
import { UsageError } from '../../errors.ts';
import { describedTarget, readMachineDescription } from '../../target/machine-description.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { buildOptions, modelFile, targetOf } from '../deployment-options.ts';
import { formatExplanations } from '../format-explanations.ts';
import { makeOutLink } from '../out-link.ts';

export async function build(model: string | undefined, flags: BuildFlags & { out?: string; explain?: boolean; target?: string }): Promise<void> {
  const options = buildOptions(modelFile(model), flags);
  if (flags.target !== undefined) {
    if (flags.targetRoot !== undefined) throw new UsageError('give --target or --target-root, not both');
    options.target = targetOf(flags, describedTarget(readMachineDescription(flags.target), flags.target));
  }
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
