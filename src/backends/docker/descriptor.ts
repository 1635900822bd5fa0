import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const docker: BackendDescriptor = {
  name: 'docker',
  deploysWith: 'one docker container per instance, from an image of its own closure',
  notes: 'host network, the deployment\'s folders as volumes, the store read-only; `docker create` options through `overrides.docker.createParameters`; docker restarts and keeps logs',
  docs: 'docs/backends/docker.md',
  load: async () => (await import('./backend.ts')).dockerBackend as unknown as Backend,
  testing: {
    init: 'none',
    programs: [{ path: '/usr/sbin/dockerd', package: 'docker.io' }],
    noCrash: 'docker itself is the manager, and procform does not start it',
    notInMachines:
      "its containers run on the docker host's network and PID namespace, not in the test machine's: test/backends/docker/ runs it against a private dockerd instead",
  },
};
