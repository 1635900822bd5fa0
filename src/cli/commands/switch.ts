import type { BuildFlags } from '../deployment-options.ts';
import { buildOptions, deploymentOf, modelFile, warmUpFor } from '../deployment-options.ts';

export async function switchCommand(model: string | undefined, flags: BuildFlags & { dryRun?: boolean; allowEmpty?: boolean; built?: string }): Promise<void> {
  const deployment = deploymentOf(flags);
  if (!flags.dryRun) await warmUpFor(flags);
  // Imported once the process manager is starting, which it does meanwhile.
  const [{ prepareProfile }, { formatEvent, formatPlan }, { readProfile }, { planDeployment, switchProfile }] = await Promise.all([
    import('../../build/build-profile.ts'),
    import('../../deploy/format-event.ts'),
    import('../../deploy/deployment.ts'),
    import('../../deploy/switch-profile.ts'),
  ]);
  // Computed in memory; written into the store only once the switch's checks have passed. A
  // profile built elsewhere (--built) is in the store already.
  const prepared = flags.built === undefined ? await prepareProfile({ ...buildOptions(modelFile(model), flags), storeDir: deployment.storeDir }) : { ...(await readProfile(flags.built)), write: async () => undefined };
  if (flags.dryRun) {
    process.stdout.write(`${formatPlan(await planDeployment(deployment, prepared.manifest))}\n`);
    return;
  }
  const outcome = await switchProfile(deployment, { path: prepared.path, manifest: prepared.manifest }, (event) => process.stderr.write(`${formatEvent(event)}\n`), {
    writeProfile: () => prepared.write(),
    refuseEmpty: !flags.allowEmpty,
  });
  const { stop, start, keep } = outcome.plan;
  const generation = outcome.generation === undefined ? 'no new generation' : `generation ${outcome.generation}`;
  process.stderr.write(`${generation}: ${start.length} started, ${stop.length} stopped, ${keep.length} unchanged\n`);
  if (outcome.accountsLeft) throw outcome.accountsLeft;
}
