import { buildProfile } from '../../build/build-profile.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { buildOptions, modelFile } from '../deployment-options.ts';
import { makeOutLink } from '../out-link.ts';

export async function build(model: string | undefined, flags: BuildFlags & { out?: string }): Promise<void> {
  const profile = await buildProfile(buildOptions(modelFile(model), flags));
  if (flags.out) await makeOutLink(flags.out, profile.path);
  process.stdout.write(`${profile.path}\n`);
}
