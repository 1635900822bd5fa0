import { readProfile } from '../../deploy/deployment.ts';
import { deleteGenerations, listGenerations } from '../../deploy/generations.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';

/** Lists generations, or deletes some (`old` = every generation but the current one). */
export async function generations(flags: DirFlags & { delete?: string[] }): Promise<void> {
  const deployment = deploymentOf(flags);
  const all = await listGenerations(deployment.profiles);
  if (flags.delete) {
    const numbers = flags.delete.includes('old') ? all.filter((generation) => !generation.current).map((generation) => generation.number) : flags.delete.map(Number);
    const deleted = await deleteGenerations(deployment.profiles, numbers);
    process.stderr.write(`deleted ${deleted.length} generation${deleted.length === 1 ? '' : 's'}; \`procform gc\` frees their files\n`);
    return;
  }
  for (const generation of all) {
    const { manifest } = await readProfile(generation.path);
    const count = Object.keys(manifest.instances).length;
    process.stdout.write(
      `${String(generation.number).padStart(4)}  ${generation.createdAt.toISOString()}  ${manifest.processManager.padEnd(11)}  ${String(count).padStart(3)} instance${count === 1 ? ' ' : 's'}${generation.current ? '  (current)' : ''}\n`,
    );
  }
}
