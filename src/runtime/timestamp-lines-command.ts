import type { StopSpec } from '../model/types.ts';
import type { ProcformRuntime } from '../target/build-target.ts';
import { nodeScriptCommand } from '../target/build-target.ts';

/** The argv prefix that runs a program through timestamp-lines-main.ts, Node and script pinned to absolute paths. */
export function timestampLinesCommand(runtime: ProcformRuntime, stop: StopSpec): string[] {
  return [
    ...nodeScriptCommand(runtime, 'src/runtime/timestamp-lines-main.js'),
    '--stop-signal',
    stop.signal,
    '--stop-timeout',
    String(stop.timeoutMs),
    '--',
  ];
}
