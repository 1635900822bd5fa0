import type { CompletionCommand } from './command-tree.ts';
import { bashCompletion } from './bash.ts';

/** zsh's completion: the bash function, through zsh's own bashcompinit (compinit loaded first). */
export function zshCompletion(commands: CompletionCommand[]): string {
  return `# procform completion for zsh: source <(procform completion zsh) in ~/.zshrc
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(commands).split('\n').slice(1).join('\n')}`;
}
