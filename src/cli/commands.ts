import type { Command } from 'commander';
import { addDeploymentOptions, addDirOptions } from './deployment-options.ts';

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

  const ids = program.command('ids').description('unique IDs (ports, UIDs, GIDs) for the instances of a model');
  addDeploymentOptions(
    ids
      .command('assign')
      .description('assign IDs from the pools in idresources to the instances that ask for them (requiresUniqueIdsFor), keeping existing ones')
      .argument('[model]', 'processes model (default: $PROCFORM_PROCESSES or ./processes.ts)'),
  )
    .option('--id-resources <file>', 'ID pools (default: idresources.ts, .js or .json beside the model)')
    .option('--output <file>', 'where to write the IDs, - for standard output (default: --ids if given, else ids.json for processes.ts and <model>.ids.json for other models)')
    .action(async (model, flags) => (await import('./commands/ids-assign.ts')).idsAssign(model, flags));

  addDirOptions(
    program.command('init-state').description("create the deployment's state folders (as every switch does first)"),
  ).action(async (flags) => (await import('./commands/init-state.ts')).initState(flags));
}
