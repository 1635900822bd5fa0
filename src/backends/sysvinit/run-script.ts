import type { CollectedRun } from '../../process/run-collecting.ts';
import { runCollecting } from '../../process/run-collecting.ts';

export type ScriptResult = CollectedRun;

/** Runs `script activity` and collects its output (or shows it, with `inherit`). */
export function runScript(script: string, activity: string, options: { inherit?: boolean } = {}): Promise<ScriptResult> {
  return runCollecting(script, [activity], options);
}
