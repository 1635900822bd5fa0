import { join } from 'node:path';
import type { ReadinessSpec } from '../model/types.ts';
import { packageRoot } from '../package-root.ts';

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
    process.execPath,
    join(packageRoot(), 'dist/src/readiness/wait-ready-main.js'),
    ...checks.flatMap(({ spec, logFile, logOffsetFile }) => [
      ...(logFile === undefined ? [] : ['--log-file', logFile]),
      ...(logOffsetFile === undefined ? [] : ['--log-offset-file', logOffsetFile]),
      JSON.stringify(spec),
    ]),
  ];
}
