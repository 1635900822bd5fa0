import type { Command } from 'commander';
import { IMPLEMENTED_PROCESS_MANAGERS } from '../../backends/registry.ts';
import { IMPORT_FORMATS } from '../../import/imported-model.ts';

/** What follows an option or fills a command's arguments, for a shell to complete. */
export type ValueKind = { kind: 'words'; words: readonly string[] } | { kind: 'instances' } | { kind: 'files' } | { kind: 'folders' } | { kind: 'none' };

export interface CompletionOption {
  names: string[];
  value: ValueKind | null;
  description: string;
}

export interface CompletionCommand {
  /** Words after `procform`: ['ids', 'assign']. */
  path: string[];
  description: string;
  subcommands: string[];
  options: CompletionOption[];
  argument: ValueKind;
}

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;

/**
 * Every command, option and argument the command line has, read from commander's own registrations,
 * so that completion scripts never fall behind the commands.
 */
export function commandTree(program: Command): CompletionCommand[] {
  const commands: CompletionCommand[] = [];
  const visit = (command: Command, path: string[]) => {
    const options = command.options.map((option) => ({
      names: [option.short, option.long].filter((name): name is string => name !== undefined),
      value: option.required || option.optional ? valueOf(option.long ?? option.short ?? '') : null,
      description: option.description,
    }));
    if (path.length === 0) options.push({ names: ['-h', '--help'], value: null, description: 'display help' });
    commands.push({
      path,
      description: command.description(),
      subcommands: command.commands.map((sub) => sub.name()),
      options,
      argument: argumentOf(command),
    });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return commands;
}

function valueOf(flag: string): ValueKind {
  if (flag === '--process-manager') return { kind: 'words', words: IMPLEMENTED_PROCESS_MANAGERS };
  if (flag === '--format') return { kind: 'words', words: IMPORT_FORMATS };
  if (flag.endsWith('-dir')) return { kind: 'folders' };
  if (['--out', '--ids', '--id-resources', '--output', '--junit'].includes(flag)) return { kind: 'files' };
  return { kind: 'none' };
}

function argumentOf(command: Command): ValueKind {
  const argument = command.registeredArguments[0];
  if (argument === undefined) return { kind: 'none' };
  if (argument.name() === 'instance') return { kind: 'instances' };
  if (argument.name() === 'shell') return { kind: 'words', words: COMPLETION_SHELLS };
  if (argument.name() === 'activity') return { kind: 'words', words: ['start', 'stop', 'status', 'restart', 'reload'] };
  return { kind: 'files' };
}
