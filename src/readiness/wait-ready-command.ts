import { join } from 'node:path';
import type { ReadinessSpec } from '../model/types.ts';
import { packageRoot } from '../package-root.ts';

/**
 * The argv that waits for `checks` (see wait-ready-main.ts), with Node and the script pinned to
 * absolute paths, as generated wrapper scripts embed it.
 */
export function waitReadyCommand(checks: readonly { spec: ReadinessSpec; logFile?: string }[]): string[] {
  return [
    process.execPath,
    join(packageRoot(), 'dist/src/readiness/wait-ready-main.js'),
    ...checks.flatMap(({ spec, logFile }) => [...(logFile === undefined ? [] : ['--log-file', logFile]), JSON.stringify(spec)]),
  ];
}
