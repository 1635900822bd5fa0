import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const bsdrc: BackendDescriptor = {
  name: 'bsdrc',
  deploysWith: 'nothing here: FreeBSD rc.d scripts',
  notes: 'rcorder headers and rc.subr variables, checked with `sh -n`; run them on FreeBSD',
  docs: 'docs/backends/bsdrc.md',
  load: async () => (await import('./backend.ts')).bsdrcBackend as unknown as Backend,
};
