import { shellQuote } from '../../shell/quote.ts';
import { selfDaemonizingCommand } from '../../runtime/daemonizer/run-mode.ts';
import { daemonizedProcessParams } from '../daemonized-process.ts';
import type { LowerInput } from '../types.ts';
import { storeInitFunctions } from './init-functions.ts';
import type { SysvinitParams } from './params.ts';
import { DEFAULT_RUNLEVELS } from './params.ts';
import { startSequence } from './sequence.ts';

/**
 * The agnostic process → upstream's init script parameters. Daemons are preferred, as upstream
 * does: a process that can daemonize itself runs as a daemon; one that only runs in the foreground
 * is daemonized by procform-daemonize (upstream: libslack's daemon).
 */
export function lowerSysvinit({ spec, processes, ctx }: LowerInput): SysvinitParams {
  return {
    ...daemonizedProcessParams(spec, ctx, selfDaemonizingCommand(spec)),
    reloadSignal: 'SIGHUP',
    initialInstructions: `. ${shellQuote(storeInitFunctions(ctx, spec.instance))}`,
    globalInstructions: '',
    instructions: {},
    activities: {},
    removeActivities: [],
    runlevels: DEFAULT_RUNLEVELS,
    defaultStart: [],
    defaultStop: [],
    sequence: startSequence(spec.name, processes),
  };
}
