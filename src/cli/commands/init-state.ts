import { resolveDeploymentDirs, resolveForceDisableUserChange } from '../../model/deployment-dirs.ts';
import { initStateDirs } from '../../state/init-state-dirs.ts';
import type { DirFlags } from '../deployment-options.ts';
import { dirOptions } from '../deployment-options.ts';

/** Creates the deployment's folders, as every switch does first; useful before running processes by hand. */
export async function initState(flags: DirFlags): Promise<void> {
  const options = dirOptions(flags);
  const result = await initStateDirs(resolveDeploymentDirs(options), {
    forceDisableUserChange: resolveForceDisableUserChange(options.forceDisableUserChange),
  });
  for (const dir of result.created) process.stdout.write(`created ${dir}\n`);
  for (const { link, target } of result.linked) process.stdout.write(`linked ${link} -> ${target}\n`);
}
