import { loadBackend } from '../backends/registry.ts';
import { UsageError } from '../errors.ts';
import type { Driver } from './types.ts';

/** The driver of a process manager, or a clear error for one procform can only build for. */
export async function driverFor(processManager: string): Promise<Driver> {
  const backend = await loadBackend(processManager);
  if (!backend.driver) {
    throw new UsageError(`procform can build configuration for "${processManager}" but cannot deploy it`, {
      hint: processManager === 'none' ? 'Turn it into a process manager\'s configuration with `procform generate-config`.' : undefined,
    });
  }
  return backend.driver();
}
