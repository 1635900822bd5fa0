import { buildProfile, prepareProfile } from '../../build/build-profile.ts';
import { formatEvent, formatPlan } from '../../deploy/format-event.ts';
import { planDeployment, switchProfile } from '../../deploy/switch-profile.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { buildOptions, deploymentOf, modelFile } from '../deployment-options.ts';

export async function switchCommand(model: string | undefined, flags: BuildFlags & { dryRun?: boolean }): Promise<void> {
  const deployment = deploymentOf(flags);
  const options = { ...buildOptions(modelFile(model), flags), storeDir: deployment.storeDir };
  if (flags.dryRun) {
    // Nothing is written: the profile is computed in memory only.
    const prepared = await prepareProfile(options);
    process.stdout.write(`${formatPlan(await planDeployment(deployment, prepared.manifest))}\n`);
    return;
  }
  const built = await buildProfile(options);
  const outcome = await switchProfile(deployment, { path: built.path, manifest: built.manifest }, (event) =>
    process.stderr.write(`${formatEvent(event)}\n`),
  );
  const { stop, start, keep } = outcome.plan;
  const generation = outcome.generation === undefined ? 'no new generation' : `generation ${outcome.generation}`;
  process.stderr.write(`${generation}: ${start.length} started, ${stop.length} stopped, ${keep.length} unchanged\n`);
}
