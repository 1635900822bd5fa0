// Liveness checks need a supervisor that probes a running process and restarts it through its stop
// path: procform's own (builtin) does; no other manager it generates for does it for it, and no
// shared runtime part emulates it yet. So every backend whose explain does not name the feature
// drops it, said here once rather than in each backend's explain.ts.
import { describeLiveness } from '../readiness/describe.ts';
import type { ProcessSpec } from '../model/types.ts';
import type { Capability } from './types.ts';

/**
 * The capabilities with the instance's liveness check claimed `dropped` when the backend did not
 * claim it (placed after readiness). A backend that reports nothing (none: the agnostic JSON keeps
 * the check for the manager it is generated for later) stays silent.
 */
export function explainLiveness(capabilities: Capability[], spec: ProcessSpec, manager: string): Capability[] {
  if (spec.liveness === undefined || capabilities.length === 0 || capabilities.some((capability) => capability.feature === 'liveness')) return capabilities;
  const dropped: Capability = {
    feature: 'liveness',
    support: 'dropped',
    detail: `${describeLiveness(spec.liveness)}: ${manager} does not run it; a hung process is not restarted (the builtin backend does it)`,
  };
  const readiness = capabilities.findIndex((capability) => capability.feature === 'readiness');
  return readiness === -1 ? [...capabilities, dropped] : [...capabilities.slice(0, readiness + 1), dropped, ...capabilities.slice(readiness + 1)];
}
