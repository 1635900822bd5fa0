import { gcRoots } from '../../deploy/gc-roots.ts';
import { acquireLock } from '../../fs/lock-file.ts';
import { collectGarbage } from '../../store/collect-garbage.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';

/** Removes store entries no kept generation uses. State folders are never touched. */
export async function gc(flags: DirFlags): Promise<void> {
  const deployment = deploymentOf(flags);
  const release = await acquireLock(deployment.lockPath);
  try {
    const report = await collectGarbage(deployment.storeDir, await gcRoots(deployment.profiles.dir));
    process.stderr.write(`removed ${report.removed.length} store entr${report.removed.length === 1 ? 'y' : 'ies'}, kept ${report.kept}\n`);
  } finally {
    await release();
  }
}
