import type { SysvinitParams } from './params.ts';
import { SUPPORTED_RUNLEVELS } from './params.ts';

/**
 * The runlevels a script starts in and is killed in (LSB Default-Start / Default-Stop), as
 * upstream: with `runlevels`, start in those (the supported ones) and stop in every other;
 * without, `defaultStart` and `defaultStop` as given.
 */
export function startStopRunlevels(params: Pick<SysvinitParams, 'runlevels' | 'defaultStart' | 'defaultStop'>): { start: number[]; stop: number[] } {
  const supported = (levels: readonly number[]) => SUPPORTED_RUNLEVELS.filter((level) => levels.includes(level));
  if (params.runlevels.length > 0) {
    const start = supported(params.runlevels);
    return { start, stop: SUPPORTED_RUNLEVELS.filter((level) => !start.includes(level)) };
  }
  return { start: supported(params.defaultStart), stop: supported(params.defaultStop) };
}
