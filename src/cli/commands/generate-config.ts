import { resolve } from 'node:path';
import { modelFromAgnosticConfigs } from '../../backends/none/from-config.ts';
import { buildProfile } from '../../build/build-profile.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { buildOptions } from '../deployment-options.ts';
import { makeOutLink } from '../out-link.ts';

export async function generateConfig(files: string[], flags: BuildFlags & { out?: string }): Promise<void> {
  const paths = files.map((file) => resolve(file));
  const model = await modelFromAgnosticConfigs(paths);
  const profile = await buildProfile({ ...buildOptions(paths[0]!, flags), model });
  if (flags.out) await makeOutLink(flags.out, profile.path);
  process.stdout.write(`${profile.path}\n`);
}
