import type { ReadinessSpec } from '../model/types.ts';
import { nodeScriptCommand } from '../node-script-command.ts';

/** wait-ready-main.ts, built. */
export const waitReadyScript = 'src/readiness/wait-ready-main.js';

/** A check to wait for; a `log` check reads `logFile`, after the offset written in `logOffsetFile` if given. */
export interface ReadinessWait {
  spec: ReadinessSpec;
  logFile?: string;
  logOffsetFile?: string;
}

/**
 * The argv that waits for `checks` (see wait-ready-main.ts), with Node and the script pinned to
 * absolute paths, as generated wrapper scripts and units embed it.
 */
export function waitReadyCommand(checks: readonly ReadinessWait[]): string[] {
  return [
    ...nodeScriptCommand(waitReadyScript),
    ...checks.flatMap(({ spec, logFile, logOffsetFile }) => [
      ...(logFile === undefined ? [] : ['--log-file', logFile]),
      ...(logOffsetFile === undefined ? [] : ['--log-offset-file', logOffsetFile]),
      JSON.stringify(spec),
    ]),
  ];
}
