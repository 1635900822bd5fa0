import { join } from 'node:path';
import type { StopSpec } from '../../model/types.ts';
import { packageRoot } from '../../package-root.ts';

/** The argv prefix that runs a program through timestamp-lines-main.ts, Node and script pinned to absolute paths. */
export function timestampLinesCommand(stop: StopSpec): string[] {
  return [
    process.execPath,
    join(packageRoot(), 'dist/src/backends/supervisord/timestamp-lines-main.js'),
    '--stop-signal',
    stop.signal,
    '--stop-timeout',
    String(stop.timeoutMs),
    '--',
  ];
}
