import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const cygrunsrv: BackendDescriptor = {
  name: 'cygrunsrv',
  deploysWith: 'nothing here: cygrunsrv install arguments (Cygwin)',
  notes: 'arguments quoted for Windows command-line parsing; install them on Windows',
  docs: 'docs/backends/cygrunsrv.md',
  load: async () => (await import('./backend.ts')).cygrunsrvBackend as unknown as Backend,
};
