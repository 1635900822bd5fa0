import { describeThisMachine } from '../../network/machine-info.ts';
import type { DirFlags } from '../deployment-options.ts';
import { dirOptions } from '../deployment-options.ts';

/** What capture-infra asks a machine: this machine's facts and the containers its deployments provide, as JSON. */
export async function machineInfo(flags: DirFlags): Promise<void> {
  process.stdout.write(`${JSON.stringify(await describeThisMachine(dirOptions(flags)), null, 2)}\n`);
}
