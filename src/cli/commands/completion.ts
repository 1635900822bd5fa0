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
 * prints the instances of the deployment the typed words point at (what the scripts ask for after
 * `logs` and `restart`), nothing when there is none.
 */
export async function completion(shell: string, words: string[], command: Command): Promise<void> {
  if (shell === '__instances') {
    try {
      const profile = await currentProfile(deploymentOf(deploymentFlags(words)));
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

/** --state-dir and --profile (as `--state-dir DIR` or `--state-dir=DIR`) among the words typed. */
function deploymentFlags(words: string[]): DirFlags {
  const flags: DirFlags = {};
  words.forEach((word, index) => {
    const [name, inline] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, words[index + 1]];
    if (inline === undefined) return;
    if (name === '--state-dir') flags.stateDir = inline;
    if (name === '--profile' || name === '-p') flags.profile = inline;
  });
  return flags;
}
