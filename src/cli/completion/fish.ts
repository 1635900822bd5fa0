import type { CompletionCommand, ValueKind } from './command-tree.ts';

/**
 * fish's completions: one `complete` line per command and option, with descriptions, each valid
 * after its command path (fish's __fish_seen_subcommand_from), values as for bash.
 */
export function fishCompletion(commands: CompletionCommand[]): string {
  const lines = ['# procform completion for fish: procform completion fish > ~/.config/fish/completions/procform.fish', 'complete -c procform -f'];
  for (const command of commands) {
    const condition = command.path.length === 0 ? '__fish_use_subcommand' : pathCondition(command.path);
    for (const sub of commands.filter((other) => other.path.length === command.path.length + 1 && other.path.slice(0, -1).join(' ') === command.path.join(' '))) {
      const notYet = command.path.length === 0 ? condition : `${condition}; and not __fish_seen_subcommand_from ${command.subcommands.join(' ')}`;
      lines.push(`complete -c procform -n ${quote(notYet)} -a ${quote(sub.path.at(-1)!)} -d ${quote(sub.description)}`);
    }
    for (const option of command.options) {
      const names = option.names.map((name) => (name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`)).join(' ');
      lines.push(`complete -c procform -n ${quote(condition)} ${names}${option.value ? ` -r ${arguments_(option.value)}` : ''} -d ${quote(option.description)}`);
    }
    if (command.path.length > 0 && command.subcommands.length === 0 && command.argument.kind !== 'none') {
      lines.push(`complete -c procform -n ${quote(condition)} ${arguments_(command.argument)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function pathCondition(path: string[]): string {
  return path.map((word) => `__fish_seen_subcommand_from ${word}`).join('; and ');
}

function arguments_(value: ValueKind): string {
  switch (value.kind) {
    case 'words':
      return `-f -a ${quote(value.words.join(' '))}`;
    case 'instances':
      return `-f -a ${quote('(procform completion __instances -- (commandline -opc) 2>/dev/null)')}`;
    case 'folders':
      return `-f -a ${quote('(__fish_complete_directories)')}`;
    case 'files':
      return '-F';
    default:
      return '-f';
  }
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
