import { resolve } from 'node:path';
import type { DirFlags } from '../../cli/deployment-options.ts';
import { deploymentOf } from '../../cli/deployment-options.ts';
import { currentProfile } from '../../deploy/current-profile.ts';
import { ProcformError } from '../../errors.ts';
import { runActivity } from './run-activity.ts';
import { currentRunlevel, parseRunlevel } from './runlevel.ts';

/** `procform sysvinit runactivity`: one activity of every init script of a profile, in rc order. */
export async function runactivity(
  activity: string,
  profile: string | undefined,
  flags: DirFlags & { reverse?: boolean; runlevel?: string },
): Promise<void> {
  const path = profile === undefined ? (await currentProfile(deploymentOf(flags))).path : resolve(profile);
  const runlevel = flags.runlevel === undefined ? currentRunlevel() : parseRunlevel(flags.runlevel);
  const failures = await runActivity(path, { activity, runlevel, reverse: flags.reverse ?? false });
  if (failures.length > 0) {
    const list = failures.map(({ script, code }) => `${script} ${activity}: ${code === null ? 'killed' : `exit ${code}`}`).join('\n');
    throw new ProcformError(`${failures.length === 1 ? 'a script' : `${failures.length} scripts`} failed:\n${list}`, {
      hint: activity === 'status' ? 'LSB status codes: 1 dead with a PID file left, 3 not running, 4 unknown.' : undefined,
    });
  }
}
