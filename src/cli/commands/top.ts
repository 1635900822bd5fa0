import pc from 'picocolors';
import { UsageError } from '../../errors.ts';
import { runTop } from '../../top/run-top.ts';
import { currentProfile } from '../../deploy/current-profile.ts';
import type { DeploymentFlags } from '../deployment-options.ts';
import { checkProcessManager, deploymentOf } from '../deployment-options.ts';

/** A live view of the deployment in the terminal; keys restart, stop, start and follow instances. */
export async function top(flags: DeploymentFlags & { interval: string }): Promise<void> {
  const seconds = Number(flags.interval);
  if (!Number.isFinite(seconds) || seconds < 0.1) throw new UsageError(`--interval: "${flags.interval}" is not a number of seconds (0.1 or more)`);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('procform top needs a terminal (its input and output must be one)', {
      hint: 'For scripts, use `procform status --json`; for a browser, `procform dashboard`.',
    });
  }
  const deployment = deploymentOf(flags);
  if (flags.processManager !== undefined) checkProcessManager(flags, deployment, (await currentProfile(deployment)).manifest.processManager);
  await runTop(deployment, { intervalMs: seconds * 1000, input: process.stdin, output: process.stdout, colors: pc });
}
