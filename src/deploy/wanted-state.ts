import type { ManifestInstance } from '../build/manifest.ts';
import type { InstanceStatus } from './types.ts';

/**
 * Whether an instance is in the state its deployment wants: running, or, for a program never to be
 * restarted (restart 'no', a one-shot), stopped without failing. Anything else (failed, in backoff,
 * starting, stopped) is what `procform status` exits 3 for, as `supervisorctl status` and LSB's
 * status do for "not running".
 */
export function isAsDeployed(status: InstanceStatus, entry: ManifestInstance | undefined): boolean {
  if (status.state === 'running') return true;
  return status.state === 'stopped' && entry?.spec.restart.policy === 'no';
}

/** The exit code of `procform status` when an instance is not as deployed. */
export const NOT_AS_DEPLOYED_EXIT_CODE = 3;
