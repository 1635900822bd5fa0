import type { AccountsLeftError } from '../../credentials/errors.ts';
import type { DeployEvent } from '../../deploy/types.ts';
import type { BuildFlags } from '../deployment-options.ts';
import { buildOptions, deploymentOf, modelFile, warmUpFor } from '../deployment-options.ts';

/**
 * Deploys and stays attached: every instance's output with its name as prefix, until Ctrl-C (or
 * SIGTERM), which stops everything in reverse dependency order.
 */
export async function up(model: string | undefined, flags: BuildFlags & { allowEmpty?: boolean }): Promise<void> {
  const deployment = deploymentOf(flags);
  await warmUpFor(flags);
  // Imported once the process manager is starting, which it does meanwhile.
  const [{ prepareProfile }, { driverFor }, { buildEmptyProfile }, { followLogs }, { formatEvent }, { switchProfile }] = await Promise.all([
    import('../../build/build-profile.ts'),
    import('../../deploy/driver-for.ts'),
    import('../../deploy/empty-profile.ts'),
    import('../../deploy/follow-logs.ts'),
    import('../../deploy/format-event.ts'),
    import('../../deploy/switch-profile.ts'),
  ]);
  const events = (event: DeployEvent) => process.stderr.write(`${formatEvent(event)}\n`);
  const prepared = await prepareProfile({ ...buildOptions(modelFile(model), flags), storeDir: deployment.storeDir });
  const profile = { path: prepared.path, manifest: prepared.manifest };

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Set once the switch's checks passed: a refused switch (busy port, …) changed nothing, so nothing is stopped either.
  let changing = false;
  let left: AccountsLeftError | undefined;
  const writeProfile = async () => {
    changing = true;
    await prepared.write();
  };
  try {
    // Ctrl-C while it starts cancels the switch rather than waiting until every start has proved
    // itself (1 s without a readiness check, up to its timeout with one): the stop below follows at once.
    const switched = await switchProfile(deployment, profile, events, { writeProfile, refuseEmpty: !flags.allowEmpty, cancel: controller.signal }).catch((error: unknown) => {
      if (changing && controller.signal.aborted) return null;
      throw error;
    });
    left = switched?.accountsLeft;
    if (!controller.signal.aborted) {
      process.stderr.write('attached; Ctrl-C stops everything\n');
      await followLogs(profile, Object.values(profile.manifest.instances), { lines: 0, follow: true, signal: controller.signal }, {
        prefix: true,
        write: (text) => process.stdout.write(text),
      });
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (changing) {
      const empty = await buildEmptyProfile(profile.manifest);
      // A switch cancelled by this Ctrl-C left its journal: the stop repairs it without calling it an earlier interruption.
      const outcome = await switchProfile(deployment, empty, events, { ownUnfinished: profile.path });
      await (await driverFor(empty.manifest.processManager)).stopManager?.(empty);
      left = outcome.accountsLeft ?? left;
    }
  }
  // Accounts that could not be removed are reported once everything has stopped.
  if (left) throw left;
}
