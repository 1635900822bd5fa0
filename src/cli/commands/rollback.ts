import { readProfile } from '../../deploy/deployment.ts';
import { formatEvent } from '../../deploy/format-event.ts';
import { listGenerations } from '../../deploy/generations.ts';
import { switchProfile } from '../../deploy/switch-profile.ts';
import { ProcformError } from '../../errors.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';

/**
 * Deploys an earlier generation and makes it current, without recording a new one (as
 * `nix-env --rollback`): by default the generation just before the current one, so repeated
 * rollbacks walk back in time instead of oscillating (upstream's quirk).
 */
export async function rollback(flags: DirFlags & { to?: string }): Promise<void> {
  const deployment = deploymentOf(flags);
  const generations = await listGenerations(deployment.profiles);
  const current = generations.find((generation) => generation.current);
  const target =
    flags.to === undefined
      ? generations.filter((generation) => current === undefined || generation.number < current.number).at(-1)
      : generations.find((generation) => generation.number === Number(flags.to));
  if (!target) {
    throw new ProcformError(flags.to === undefined ? 'there is no earlier generation to roll back to' : `generation ${flags.to} does not exist`, {
      hint: 'See `procform generations`.',
    });
  }
  const outcome = await switchProfile(deployment, await readProfile(target.path), (event) => process.stderr.write(`${formatEvent(event)}\n`), {
    generation: target.number,
  });
  process.stderr.write(`generation ${target.number} is current\n`);
  if (outcome.accountsLeft) throw outcome.accountsLeft;
}
