import { rcLinks } from './runlevel.ts';
import type { ScriptResult } from './run-script.ts';
import { runScript } from './run-script.ts';

export interface ActivityFailure {
  script: string;
  code: number | null;
}

/**
 * Runs ACTIVITY of every script with a start link in the runlevel, in rc order (reversed with
 * `reverse`), as upstream's nixproc-sysvinit-runactivity. A forward run stops at the first failure,
 * since later scripts may depend on it; reverse runs and `status` go through every script.
 */
export async function runActivity(
  profile: string,
  options: { activity: string; runlevel: number; reverse: boolean },
  run: (script: string, activity: string) => Promise<ScriptResult> = (script, activity) => runScript(script, activity, { inherit: true }),
): Promise<ActivityFailure[]> {
  const links = await rcLinks(profile, options.runlevel, 'S');
  if (options.reverse) links.reverse();
  const failures: ActivityFailure[] = [];
  for (const script of links) {
    const { code } = await run(script, options.activity);
    if (code === 0) continue;
    failures.push({ script, code });
    if (!options.reverse && options.activity !== 'status') break;
  }
  return failures;
}
