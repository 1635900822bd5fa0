import type { ReadinessSpec } from '../model/types.ts';
import type { ProcformRuntime } from '../target/build-target.ts';
import { nodeScriptCommand } from '../target/build-target.ts';

/** wait-ready-main.ts, built. */
export const waitReadyScript = 'src/readiness/wait-ready-main.js';

/** A check to wait for; a `log` check reads `logFile`, after the offset written in `logOffsetFile` if given. */
export interface ReadinessWait {
  spec: ReadinessSpec;
  logFile?: string;
  logOffsetFile?: string;
}

/**
 * The argv that waits for `checks` (see wait-ready-main.ts), with the target's Node and script
 * pinned to absolute paths, as generated wrapper scripts and units embed it.
 */
export function waitReadyCommand(runtime: ProcformRuntime, checks: readonly ReadinessWait[]): string[] {
  return [
    ...nodeScriptCommand(runtime, waitReadyScript),
    ...checks.flatMap(({ spec, logFile, logOffsetFile }) => [
      ...(logFile === undefined ? [] : ['--log-file', logFile]),
      ...(logOffsetFile === undefined ? [] : ['--log-offset-file', logOffsetFile]),
      JSON.stringify(spec),
    ]),
  ];
}
