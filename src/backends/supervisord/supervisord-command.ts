import type { DirFlags } from '../../cli/deployment-options.ts';
import { deploymentOf } from '../../cli/deployment-options.ts';
import { runSupervisordInForeground } from './run-foreground.ts';

/** `procform supervisord`: runs the deployment's supervisord in the foreground until it stops; its exit code becomes ours. */
export async function supervisordCommand(flags: DirFlags): Promise<void> {
  const { dirs } = deploymentOf(flags);
  process.exitCode = await runSupervisordInForeground(dirs, (command) => process.stderr.write(`running ${command}\n`));
}
