import { startDashboard } from '../../dashboard/dashboard-server.ts';
import { UsageError } from '../../errors.ts';
import { currentProfile } from '../../deploy/current-profile.ts';
import type { DeploymentFlags } from '../deployment-options.ts';
import { checkProcessManager, deploymentOf } from '../deployment-options.ts';

/** Serves the deployment's dashboard until Ctrl-C or SIGTERM, printing its URL (with the token, when one is needed). */
export async function dashboard(flags: DeploymentFlags & { port: string; host: string }): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: "${flags.port}" is not a port (0 to 65535; 0 picks a free one)`);
  const deployment = deploymentOf(flags);
  if (flags.processManager !== undefined) checkProcessManager(flags, deployment, (await currentProfile(deployment)).manifest.processManager);
  const served = await startDashboard(deployment, { host: flags.host, port });
  process.stdout.write(`procform dashboard: ${served.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.close();
}
