import { loadBackend } from '../backends/registry.ts';
import { CannotDeployError } from '../errors.ts';
import type { Driver } from './types.ts';

/** The driver of a process manager, or a clear error for one procform can only build for. */
export async function driverFor(processManager: string): Promise<Driver> {
  const backend = await loadBackend(processManager);
  if (!backend.driver) {
    throw new CannotDeployError(processManager, backend.cannotDeploy);
  }
  return backend.driver();
}
