import { resolve } from 'node:path';
import { modelFromAgnosticConfigs } from '../../backends/none/from-config.ts';
import { buildProfile } from '../../build/build-profile.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { buildOptions } from '../deployment-options.ts';
import { makeOutLink } from '../out-link.ts';

/** Builds a process manager's configuration from agnostic JSON files, or from a whole `-P none` profile. */
export async function generateConfig(inputs: string[], flags: BuildFlags & { out?: string }): Promise<void> {
  const paths = inputs.map((input) => resolve(input));
  const model = await modelFromAgnosticConfigs(paths);
  // Errors name the inputs in a stable order, whatever order they were given in.
  const profile = await buildProfile({ idsFile: null, ...buildOptions([...paths].sort()[0]!, flags), model });
  if (flags.out) await makeOutLink(flags.out, profile.path);
  process.stdout.write(`${profile.path}\n`);
}
