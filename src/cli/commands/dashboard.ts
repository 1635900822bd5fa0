import { startDashboard } from '../../dashboard/dashboard-server.ts';
import { UsageError } from '../../errors.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';

/** Serves the deployment's dashboard until Ctrl-C or SIGTERM, printing its URL (with the token, when one is needed). */
export async function dashboard(flags: DirFlags & { port: string; host: string }): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: "${flags.port}" is not a port (0 to 65535; 0 picks a free one)`);
  const served = await startDashboard(deploymentOf(flags), { host: flags.host, port });
  process.stdout.write(`procform dashboard: ${served.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.close();
}
