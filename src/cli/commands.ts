import type { Command } from 'commander';
import { addDeploymentOptions } from './deployment-options.ts';

// Every command: its arguments and options here, its implementation in commands/<name>.ts,
// imported only when the command runs.
export function registerCommands(program: Command): void {
  addDeploymentOptions(
    program
      .command('build')
      .description('build the configuration of a processes model for a process manager, and print the profile path')
      .argument('[model]', 'processes model (default: $PROCFORM_PROCESSES or ./processes.ts)'),
  )
    .option('-o, --out <link>', 'also make <link> a symbolic link to the built profile')
    .action(async (model, flags) => (await import('./commands/build.ts')).build(model, flags));

  addDeploymentOptions(
    program
      .command('generate-config')
      .description('turn agnostic JSON configurations (built with --process-manager none) into a process manager\'s configuration')
      .argument('<json...>', 'JSON configuration files of instances; their dependencies are followed'),
  )
    .option('-o, --out <link>', 'also make <link> a symbolic link to the generated profile')
    .action(async (files, flags) => (await import('./commands/generate-config.ts')).generateConfig(files, flags));
}
