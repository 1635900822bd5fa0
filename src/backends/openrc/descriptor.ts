import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const openrc: BackendDescriptor = {
  name: 'openrc',
  deploysWith: 'OpenRC: openrc-run scripts, start-stop-daemon',
  notes: 'run with rc-service in a private runlevel and state folder; the host\'s runlevels are never run',
  docs: 'docs/backends/openrc.md',
  oneProfilePerRuntimeDir: true,
  load: async () => (await import('./backend.ts')).openrcBackend as unknown as Backend,
  testing: {
    init: 'none',
    // And util-linux's unshare and mount, which are essential.
    programs: [{ path: '/sbin/openrc-run', package: 'openrc' }],
    noCrash: 'OpenRC has no manager process: procform-daemonize (or supervise-daemon) runs per service',
  },
};
