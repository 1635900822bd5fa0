import { resolve } from 'node:path';
import { captureInfrastructure, renderInfrastructure } from '../../network/capture-infra.ts';
import { loadInfrastructure } from '../../network/load-network.ts';

/** Prints the bootstrap infrastructure completed with what each machine says about itself. */
export async function captureInfra(bootstrap: string, flags: { json?: boolean }): Promise<void> {
  const machines = await captureInfrastructure(await loadInfrastructure(resolve(bootstrap)));
  process.stdout.write(flags.json ? `${JSON.stringify(machines, null, 2)}\n` : renderInfrastructure(machines));
}
