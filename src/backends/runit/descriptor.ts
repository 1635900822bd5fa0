import { pidFileCommand, tailCommand } from '../../testing/manager-commands.ts';
import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';
import { runitPaths } from './paths.ts';

export const runit: BackendDescriptor = {
  name: 'runit',
  deploysWith: "runit's runsvdir, private to the deployment",
  notes: 'one service folder per instance with svlogd; started in dependency order with `sv -w up`, readiness through `check`',
  docs: 'docs/backends/runit.md',
  oneProfilePerRuntimeDir: true,
  load: async () => (await import('./backend.ts')).runitBackend as unknown as Backend,
  testing: {
    init: 'none',
    programs: [{ path: '/usr/bin/runsvdir', package: 'runit' }],
    managerPid: ({ dirs }) => pidFileCommand(runitPaths(dirs).runsvdirPidFile),
    managerLog: ({ dirs }, lines) => tailCommand(runitPaths(dirs).runsvdirLog, lines),
  },
};
