import { pidFileCommand, tailCommand } from '../../testing/manager-commands.ts';
import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';
import { s6RcPaths } from './paths.ts';

export const s6Rc: BackendDescriptor = {
  name: 's6-rc',
  deploysWith: 's6-rc on a private s6-svscan',
  notes: 'longruns with an s6-log consumer, oneshots for daemons; a switch stops only removed and changed services',
  docs: 'docs/backends/s6-rc.md',
  oneProfilePerRuntimeDir: true,
  load: async () => (await import('./backend.ts')).s6RcBackend as unknown as Backend,
  testing: {
    init: 'none',
    programs: [
      { path: '/usr/bin/s6-svscan', package: 's6' },
      { path: '/usr/bin/execlineb', package: 'execline' },
      // Not packaged by Debian 12: scripts/install-test-deps.sh builds it from ../shared/vendor/ into
      // /usr/local. Every program of it, for images too: compiled databases name the libexec ones.
      ...['bin/s6-rc', 'bin/s6-rc-compile', 'bin/s6-rc-init', 'bin/s6-rc-update', 'libexec/s6-rc-oneshot-run', 'libexec/s6-rc-fdholder-filler'].map((program) => ({
        path: `/usr/local/${program}`,
        package: 's6-rc',
      })),
    ],
    managerPid: ({ dirs }) => pidFileCommand(s6RcPaths(dirs).svscanPidFile),
    managerLog: ({ dirs }, lines) => tailCommand(s6RcPaths(dirs).svscanLog, lines),
  },
};
