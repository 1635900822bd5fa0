import type { Command } from 'commander';
import { BACKENDS, DEFAULT_PROCESS_MANAGER, MACHINE_TESTED_PROCESS_MANAGERS } from '../backends/registry.ts';
import { addBuildOptions, addDeploymentOptions, addDirOptions, parseJsonObject } from './deployment-options.ts';

const modelArgument = ['[model]', 'processes model (default: $PROCFORM_PROCESSES or ./processes.ts)'] as const;

// Every command: its arguments and options here, its implementation in commands/<name>.ts,
// imported only when the command runs.
export function registerCommands(program: Command): void {
  addBuildOptions(
    program
      .command('build')
      .description('build the configuration of a processes model for a process manager, and print the profile path')
      .argument(...modelArgument),
  )
    .option('-o, --out <link>', 'also make <link> a symbolic link to the built profile')
    .option('--explain', 'write nothing; list per instance which features the process manager honours natively, emulates, or drops')
    .option('--target <file>', 'build for the machine a description describes (`procform describe-machine --json` on it)')
    .action(async (model, flags) => (await import('./commands/build.ts')).build(model, flags));

  program
    .command('describe-machine')
    .description('print what a build needs to know about this machine (Node, procform, executables, accounts), for `procform build --target`')
    .option('--json', 'print the description as JSON (what build --target reads)')
    .action(async (flags) => (await import('./commands/describe-machine.ts')).describeMachineCommand(flags));

  addBuildOptions(
    program
      .command('switch')
      .description('build a new generation and deploy it: stop what was removed or changed, start what is new or changed, leave the rest')
      .argument(...modelArgument),
  )
    .option('-n, --dry-run', 'print the plan and change nothing')
    .option('--allow-empty', 'deploy a model without instances, stopping everything that runs (`procform down` does that too)')
    .option('--built <profile>', 'deploy this profile, built already (by `procform build`, or sent by `procform deploy`), instead of building the model')
    .action(async (model, flags) => (await import('./commands/switch.ts')).switchCommand(model, flags));

  addBuildOptions(
    program
      .command('up')
      .description('deploy and stay attached, printing every instance\'s output; Ctrl-C stops everything')
      .argument(...modelArgument),
  )
    .option('--allow-empty', 'deploy a model without instances')
    .action(async (model, flags) => (await import('./commands/up.ts')).up(model, flags));

  addDeploymentOptions(program.command('down').description('stop every instance of the deployment (state folders are kept)')).action(
    async (flags) => (await import('./commands/down.ts')).down(flags),
  );

  addDeploymentOptions(program.command('restart').description('stop and start instances again (their dependents keep running unless --with-dependents)').argument('[instance...]'))
    .option('--all', 'every instance')
    .option('--with-dependents', 'also the instances that depend on them, directly or not')
    .action(async (instances, flags) => (await import('./commands/restart.ts')).restart(instances, flags));

  addDeploymentOptions(program.command('stop').description('stop instances alone, leaving the rest running; the next switch starts them again').argument('<instance...>')).action(
    async (instances, flags) => (await import('./commands/stop.ts')).stopOrStart('stop', instances, flags),
  );

  addDeploymentOptions(program.command('start').description('start instances stopped with `procform stop` (or crashed for good), each once its dependencies run').argument('<instance...>')).action(
    async (instances, flags) => (await import('./commands/stop.ts')).stopOrStart('start', instances, flags),
  );

  addDeploymentOptions(program.command('status').description('show the state of every instance'))
    .option('--json', 'print JSON')
    .action(async (flags) => (await import('./commands/status.ts')).status(flags));

  addDeploymentOptions(program.command('top').description('a live view of the instances in the terminal: state, PID, uptime, CPU, memory and the selected one\'s log; keys restart, stop, start and follow'))
    .option('-i, --interval <seconds>', 'seconds between refreshes', '1')
    .action(async (flags) => (await import('./commands/top.ts')).top(flags));

  addDeploymentOptions(program.command('dashboard').description('serve a web page of the deployment: instances, dependency graph, live logs, generations; restart and stop buttons'))
    .option('--port <port>', 'port to listen on (0: any free one)', '7800')
    .option('--host <address>', 'address to listen on; any but 127.0.0.1, localhost and ::1 needs the token printed in the URL', '127.0.0.1')
    .action(async (flags) => (await import('./commands/dashboard.ts')).dashboard(flags));

  addDeploymentOptions(program.command('logs').description('print the logs of one instance, or of all with their names as prefix').argument('[instance]'))
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <count>', 'how many of the last lines to print first (default: 10, all with --since)')
    .option('--since <time>', 'only lines written since then: a duration back from now (10m, 2h) or a time (2026-05-01T10:00)')
    .option('--timestamps', 'start each line with its time: exact where lines carry it (log.timestamps, journald), else marked ~ (read while following) or ≤ (its file\'s last write)')
    .action(async (instance, flags) => (await import('./commands/logs.ts')).logs(instance, flags));

  addDirOptions(program.command('generations').description('list the generations of the deployment, or delete some'))
    .option('--delete <generation...>', 'delete these generations; "old" deletes every one but the current')
    .action(async (flags) => (await import('./commands/generations.ts')).generations(flags));

  addDirOptions(program.command('rollback').description('deploy the generation before the current one (or --to N) and make it current'))
    .option('--to <generation>', 'the generation to deploy')
    .action(async (flags) => (await import('./commands/rollback.ts')).rollback(flags));

  addDirOptions(program.command('gc').description('remove store entries that no generation uses')).action(
    async (flags) => (await import('./commands/gc.ts')).gc(flags),
  );

  addBuildOptions(
    program
      .command('generate-config')
      .description('turn agnostic JSON configurations (built with --process-manager none) into a process manager\'s configuration')
      .argument('<json...>', 'JSON configuration files of instances (their dependencies are followed), or profiles built with -P none (a folder or its manifest.json)'),
  )
    .option('-o, --out <link>', 'also make <link> a symbolic link to the generated profile')
    .action(async (files, flags) => (await import('./commands/generate-config.ts')).generateConfig(files, flags));

  const ids = program.command('ids').description('unique IDs (ports, UIDs, GIDs) for the instances of a model');
  addBuildOptions(
    ids
      .command('assign')
      .description('assign IDs from the pools in idresources to the instances that ask for them (requiresUniqueIdsFor), keeping existing ones')
      .argument(...modelArgument),
  )
    .option('--id-resources <file>', 'ID pools (default: idresources.ts, .js or .json beside the model)')
    .option('--output <file>', 'where to write the IDs, - for standard output (default: --ids if given, else ids.json for processes.ts and <model>.ids.json for other models)')
    .action(async (model, flags) => (await import('./commands/ids-assign.ts')).idsAssign(model, flags));

  program
    .command('test')
    .description('run tests (testService in procform/testing) under every process manager and profile, each variant in a fresh sandbox')
    .argument('<file...>', 'test files')
    .option('-P, --process-manager <names>', `only these process managers (comma-separated; default: those the test names, else ${MACHINE_TESTED_PROCESS_MANAGERS.join(', ')})`)
    .option('--profile <names>', 'only these profiles: privileged, unprivileged (comma-separated)')
    .option('--only <patterns>', 'only variants whose name (<test>.<profile>.<process manager>) contains one of these; * is a wildcard (comma-separated)')
    .option('-j, --jobs <count>', 'variants running at once (default: twice the CPUs)')
    .option('--timeout <duration>', "each variant's deadline, e.g. 90s or 5m (default: the test's timeoutMs, else 120s)")
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--allow-skipped', 'variants this machine cannot run do not fail the run')
    .action(async (files, flags) => (await import('./commands/test.ts')).test(files, flags));

  program
    .command('import')
    .description('write a processes model from a Procfile, a docker compose file or a process-compose file; what it cannot carry over is listed')
    .argument('<file>', 'Procfile, docker-compose.yml / compose.yaml, or process-compose.yaml')
    .option('-o, --out <file>', 'the model to write, - for standard output', 'processes.ts')
    .option('--format <format>', 'procfile, compose or process-compose (default: from the name and content)')
    .option('--force', 'replace --out if it exists')
    .option('-m, --formation <counts>', 'Procfile: instances per process type, as foreman: web=2,worker=1')
    .option('--port <port>', 'Procfile: PORT of the first process; +100 per process type, +1 per instance (default: $PORT, else 5000)')
    .action(async (file, flags) => (await import('./commands/import.ts')).importCommand(file, flags));

  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .argument('<shell>', 'bash, zsh or fish')
    .argument('[words...]', 'for the scripts: with __instances, the command line typed so far (after --)')
    .action(async (shell, words, _flags, command) => (await import('./commands/completion.ts')).completion(shell, words, command));

  const image = program.command('image').description('multi-process container images of a processes model (docs/images.md)');
  image
    .command('build')
    .description('build a container image whose entry point runs the model under a process manager; it loads with docker load and podman load')
    .argument(...modelArgument)
    .option('-P, --process-manager <name>', 'process manager inside the image (default: builtin)', process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_PROCESS_MANAGER)
    .requiredOption('-o, --out <file>', 'the image archive to write')
    .option('--mutable', 'hold procform and the model at /etc/procform/processes.ts; the first start deploys it, `procform switch` in the container changes it')
    .option('--unprivileged', 'create no accounts; no process changes user')
    .option('--interactive', 'add a shell and basic tools (default for --mutable)')
    .option('--no-interactive', 'only what the processes need (default for immutable images)')
    .option('--name <name>', 'image name (default: the model\'s folder for processes.ts, else its file name)')
    .option('--tag <tag>', 'image tag', 'latest')
    .option('--format <format>', 'docker-archive or oci', 'docker-archive')
    .option('--extra-params <json>', 'model-specific parameters as a JSON object, read as ctx.extraParams', parseJsonObject)
    .option('--ids <file>', 'IDs file (default: <model>.ids.json or ids.json beside the model)')
    .option('--id-resources <file>', 'mutable images: ID pools copied beside the model (default: idresources.ts, .js or .json beside it)')
    .option('--base <base>', 'none (only the closure, the default) or debian (a Debian root from mmdebstrap below: apt in the container)', 'none')
    .option('--mirror <url>', 'with --base debian: the Debian mirror', 'http://deb.debian.org/debian')
    .option('--base-cache <dir>', 'with --base debian: where made roots are kept (default: $XDG_CACHE_HOME/procform/debian-base)')
    .action(async (model, flags) => (await import('./commands/image.ts')).imageBuild(model, flags));
  image
    .command('entrypoint')
    .description("an image's entry point: deploy (the profile, else the current generation, else $PROCFORM_PROCESSES), stop everything on SIGTERM")
    .argument('[profile]', 'the profile built into an immutable image')
    .action(async (profile) => (await import('./commands/image.ts')).imageEntrypoint(profile));

  addDirOptions(program.command('init-state').description("create the deployment's state folders (as every switch does first)"))
    .option('--force-disable-user-change', 'unprivileged: do not make the temporary folder world-writable (the default unless root)')
    .action(async (flags) => (await import('./commands/init-state.ts')).initState(flags));

  // A network of machines (docs/network.md): the coordinator's commands, and what they run on each machine over ssh.
  program
    .command('capture-infra')
    .description('ask every machine of an infrastructure model, over ssh, for its properties and containers, and print the full infrastructure model')
    .argument('<bootstrap>', 'infrastructure model saying how to reach the machines (defineInfrastructure)')
    .option('--json', 'print JSON instead of TypeScript')
    .action(async (bootstrap, flags) => (await import('./commands/capture-infra.ts')).captureInfra(bootstrap, flags));

  addDirOptions(
    program
      .command('deploy')
      .description('deploy services to a network of machines over ssh (as disnix-env): build, copy, then deactivate and activate what changed, rolling back on failure')
      .option('-s, --services <file>', 'services model (defineServices)', 'services.ts')
      .option('-i, --infrastructure <file>', 'infrastructure model (defineInfrastructure, as capture-infra prints it)', 'infrastructure.ts')
      .option('-d, --distribution <file>', 'distribution model (defineDistribution)', 'distribution.ts')
      .option('-n, --dry-run', 'print what would be deactivated and activated, and change nothing')
      .option('--rollback', 'deploy the generation before the current one again (or --to N)')
      .option('--to <generation>', 'with --rollback: the generation to deploy')
      .option('--build-on <where>', 'where process services are built: `coordinator` (here, for each machine; only missing store entries are copied) or `target` (each machine builds its own)', 'coordinator')
      .option('--list-generations', 'list the network deployment\'s generations'),
  ).action(async (flags) => (await import('./commands/deploy.ts')).deploy(flags));

  addDirOptions(
    program
      .command('visualize')
      .description('draw the network deployment (machines, containers, services, dependencies) as Graphviz DOT or SVG: of the models given, else of the last deploy')
      .option('-s, --services <file>', 'services model: draw what the models describe instead of what was deployed')
      .option('-i, --infrastructure <file>', 'infrastructure model (with -s)', 'infrastructure.ts')
      .option('-d, --distribution <file>', 'distribution model (with -s)', 'distribution.ts')
      .option('--svg', 'print SVG (needs Graphviz\'s dot) instead of DOT'),
  ).action(async (flags) => (await import('./commands/visualize.ts')).visualize(flags));

  addDirOptions(program.command('machine-info').description("print, as JSON, what capture-infra asks a machine: hostname, system, versions, process managers, and the containers its deployments provide")).action(
    async (flags) => (await import('./commands/machine-info.ts')).machineInfo(flags),
  );

  program
    .command('receive-store')
    .description('write store entries sent as JSON lines on standard input, after checking each against its hash (what `procform deploy` runs on each machine)')
    .requiredOption('--store-dir <dir>', 'the store to write them into')
    .action(async (flags) => (await import('./commands/receive-store.ts')).receiveStore(flags));

  // Subcommands of one process manager (`procform supervisord`), declared by its backend.
  for (const backend of BACKENDS) backend.commands?.(program, { addDirOptions });
}
