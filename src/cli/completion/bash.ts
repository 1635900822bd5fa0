import { shellQuote } from '../../shell/quote.ts';
import type { CompletionCommand, ValueKind } from './command-tree.ts';

/**
 * bash's completion function for procform: commands and subcommands, each command's options, values
 * of options that take a known set (process managers, formats), folders and files, and the current
 * deployment's instances (asked of `procform completion __instances -- WORDS`, which follows the
 * --state-dir and --profile typed so far). zsh loads the same function through bashcompinit.
 */
export function bashCompletion(commands: CompletionCommand[]): string {
  const paths = commands.filter((command) => command.path.length > 0).map((command) => command.path.join(' '));
  const optionValues = new Map<string, ValueKind>();
  for (const command of commands) for (const option of command.options) if (option.value) for (const name of option.names) optionValues.set(name, option.value);
  const valueCases = [...optionValues].map(([name, value]) => `      ${name}) ${reply(value)}; return ;;`);
  const commandCases = commands.map((command) => {
    const words = [...command.subcommands, ...command.options.flatMap((option) => option.names.filter((name) => name.startsWith('--')))];
    return [
      `    ${shellQuote(command.path.join(' ') || '-')})`,
      `      if [[ $cur == -* || ${command.subcommands.length > 0 ? 1 : 0} == 1 ]]; then COMPREPLY=($(compgen -W ${shellQuote(words.join(' '))} -- "$cur")); return; fi`,
      `      ${reply(command.argument)} ;;`,
    ].join('\n');
  });
  return `# procform completion for bash: source <(procform completion bash), or put it in /etc/bash_completion.d/procform
_procform() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} command='' candidate i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      -*) ;;
      *)
        candidate="\${command:+$command }\${COMP_WORDS[i]}"
        case $candidate in
          ${paths.map(shellQuote).join('|')}) command=$candidate ;;
        esac ;;
    esac
  done
  case $prev in
${valueCases.join('\n')}
  esac
  case \${command:--} in
${commandCases.join('\n')}
  esac
}
complete -o filenames -F _procform procform
`;
}

function reply(value: ValueKind): string {
  switch (value.kind) {
    case 'words':
      return `COMPREPLY=($(compgen -W ${shellQuote(value.words.join(' '))} -- "$cur"))`;
    case 'instances':
      return 'COMPREPLY=($(compgen -W "$(procform completion __instances -- "${COMP_WORDS[@]:0:$COMP_CWORD}" 2>/dev/null)" -- "$cur"))';
    case 'folders':
      return 'COMPREPLY=($(compgen -d -- "$cur"))';
    case 'files':
      return 'COMPREPLY=($(compgen -f -- "$cur"))';
    default:
      return 'COMPREPLY=()';
  }
}
