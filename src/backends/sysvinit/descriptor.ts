import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const sysvinit: BackendDescriptor = {
  name: 'sysvinit',
  deploysWith: 'LSB init scripts, rc?.d links',
  notes: 'run in dependency order by the switch (independent ones side by side) or in rc order by `procform sysvinit runactivity`',
  docs: 'docs/backends/sysvinit.md',
  load: async () => (await import('./backend.ts')).sysvinitBackend as unknown as Backend,
  testing: {
    init: 'none',
    programs: [{ path: '/sbin/start-stop-daemon', package: 'dpkg' }],
    noCrash: 'sysvinit has no process manager process: its init scripts start daemons and end',
  },
  commands: (program, cli) => {
    const sysvinit = program.command('sysvinit').description('tools of the sysvinit backend');
    cli
      .addDirOptions(
        sysvinit
          .command('runactivity')
          .description('run an activity (start, stop, status, …) of every init script of the deployment, in rc order')
          .argument('<activity>', 'start, stop, status, restart, reload, … (what the scripts support)')
          .argument('[profile]', 'a built profile (default: the current generation of the deployment)'),
      )
      .option('-r, --reverse', 'go in reverse rc order (for stop)')
      .option('--runlevel <level>', 'the runlevel whose start links to follow (default: $PROCFORM_RUNLEVEL, else `runlevel`, else 3)')
      .action(async (activity, profile, flags) => (await import('./runactivity-command.ts')).runactivity(activity, profile, flags));
  },
};
