import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const none: BackendDescriptor = {
  name: 'none',
  deploysWith: 'nothing: agnostic JSON',
  notes: '`procform generate-config` turns it into any of the above',
  docs: 'docs/model.md#the-agnostic-json-configuration',
  load: async () => (await import('./backend.ts')).noneBackend as unknown as Backend,
};
