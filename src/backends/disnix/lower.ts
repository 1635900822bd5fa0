import { daemonizedProcessParams } from '../daemonized-process.ts';
import type { LowerInput } from '../types.ts';
import type { DisnixParams } from './params.ts';

/**
 * The agnostic process → the Dysnomia process container's parameters. A process given as a
 * `daemon` (or only as one) runs as a daemon, as upstream prefers; one given as `foregroundProcess`
 * or as `process` alone runs in the foreground, daemonized by procform-daemonize (upstream:
 * libslack's daemon), because `process` alone does not say that the program forks.
 */
export function lowerDisnix({ spec, params, ctx }: LowerInput): DisnixParams {
  const daemon = spec.daemon !== null && (params.daemon !== undefined || spec.foreground === null);
  return { ...daemonizedProcessParams(spec, ctx, daemon ? spec.daemon : null) };
}
