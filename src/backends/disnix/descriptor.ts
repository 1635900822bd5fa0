import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const disnix: BackendDescriptor = {
  name: 'disnix',
  aliases: ['process'],
  deploysWith: 'Dysnomia process wrappers and PID files, no manager',
  notes: 'Disnix\'s `process` container: procform starts, orders and stops; procform-daemonize runs foreground processes',
  docs: 'docs/backends/disnix.md',
  load: async () => (await import('./backend.ts')).disnixBackend as unknown as Backend,
  testing: {
    init: 'none',
    // Node, coreutils and util-linux (essential): nothing to install.
    programs: [],
    noCrash: 'disnix has no process manager process: each process runs on its own',
  },
};
