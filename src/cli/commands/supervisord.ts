import { runSupervisordInForeground } from '../../backends/supervisord/run-foreground.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';

/** Runs the deployment's supervisord in the foreground until it stops; its exit code becomes ours. */
export async function supervisord(flags: DirFlags): Promise<void> {
  const { dirs } = deploymentOf(flags);
  process.exitCode = await runSupervisordInForeground(dirs, (command) => process.stderr.write(`running ${command}\n`));
}
