import type { CollectedRun, CollectingOptions } from '../../process/run-collecting.ts';
import { runCollecting } from '../../process/run-collecting.ts';

export type ScriptResult = CollectedRun;

/** Runs `script activity` and collects its output (or shows it, with `inherit`), within `timeoutMs` when given. */
export function runScript(script: string, activity: string, options: Pick<CollectingOptions, 'inherit' | 'timeoutMs'> = {}): Promise<ScriptResult> {
  return runCollecting(script, [activity], options);
}
