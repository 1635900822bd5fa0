import type { Command } from 'commander';
import { currentProfile } from '../../deploy/current-profile.ts';
import { UsageError } from '../../errors.ts';
import { bashCompletion } from '../completion/bash.ts';
import { COMPLETION_SHELLS, commandTree } from '../completion/command-tree.ts';
import { fishCompletion } from '../completion/fish.ts';
import { zshCompletion } from '../completion/zsh.ts';
import type { DirFlags } from '../deployment-options.ts';
import { deploymentOf } from '../deployment-options.ts';

const writers = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

/**
 * Prints the completion script for a shell, made from the commands as registered; `__instances`
 * prints the current deployment's instances (what the scripts ask for after `logs` and `restart`),
 * nothing when there is no deployment.
 */
export async function completion(shell: string, flags: DirFlags, command: Command): Promise<void> {
  if (shell === '__instances') {
    try {
      const profile = await currentProfile(deploymentOf(flags));
      process.stdout.write(`${Object.keys(profile.manifest.instances).join('\n')}\n`);
    } catch {
      // No deployment (yet), or not this user's: nothing to offer.
    }
    return;
  }
  const write = writers[shell as keyof typeof writers];
  if (!write) throw new UsageError(`"${shell}" is not a shell procform completes`, { hint: `Use ${COMPLETION_SHELLS.join(', ')}.` });
  process.stdout.write(write(commandTree(command.parent!)));
}
