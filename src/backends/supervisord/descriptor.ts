import { pidFileCommand, tailCommand } from '../../testing/manager-commands.ts';
import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';
import { supervisordPaths } from './paths.ts';

export const supervisord: BackendDescriptor = {
  name: 'supervisord',
  deploysWith: "Debian's supervisor",
  notes: 'one program file per instance; a wrapper gates dependents on readiness',
  docs: 'docs/backends/supervisord.md',
  oneProfilePerRuntimeDir: true,
  load: async () => (await import('./backend.ts')).supervisordBackend as unknown as Backend,
  testing: {
    init: 'none',
    programs: [{ path: '/usr/bin/supervisord', package: 'supervisor' }],
    managerPid: ({ dirs }) => pidFileCommand(supervisordPaths(dirs).pidFile),
    // Its start-up output only matters when it never got as far as its own log.
    managerLog: ({ dirs }, lines) => {
      const paths = supervisordPaths(dirs);
      return `${tailCommand(paths.logFile, lines)} || ${tailCommand(paths.startupLog, lines)}`;
    },
  },
  commands: (program, cli) => {
    cli
      .addDirOptions(program.command('supervisord').description("run the deployment's supervisord in the foreground (procform switch -P supervisord then deploys to it)"))
      .action(async (flags) => (await import('./supervisord-command.ts')).supervisordCommand(flags));
  },
};
