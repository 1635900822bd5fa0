import type { StopSpec } from '../model/types.ts';
import { nodeScriptCommand } from '../node-script-command.ts';

/** The argv prefix that runs a program through timestamp-lines-main.ts, Node and script pinned to absolute paths. */
export function timestampLinesCommand(stop: StopSpec): string[] {
  return [
    ...nodeScriptCommand('src/runtime/timestamp-lines-main.js'),
    '--stop-signal',
    stop.signal,
    '--stop-timeout',
    String(stop.timeoutMs),
    '--',
  ];
}
