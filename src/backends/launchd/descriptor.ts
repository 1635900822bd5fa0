import type { BackendDescriptor } from '../descriptor.ts';
import type { Backend } from '../types.ts';

export const launchd: BackendDescriptor = {
  name: 'launchd',
  deploysWith: 'nothing here: launchd plists (macOS)',
  notes: 'generated and checked with a plist parser; load them on the Mac with `launchctl load -w`',
  docs: 'docs/backends/launchd.md',
  load: async () => (await import('./backend.ts')).launchdBackend as unknown as Backend,
};
