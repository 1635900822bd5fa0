// launchd: one property list per instance (Library/LaunchDaemons/<label>.plist), as upstream's
// launchd backend. Generated only: launchd runs on macOS, which procform does not deploy to.
import type { Backend } from '../types.ts';
import { explainLaunchd } from './explain.ts';
import type { LaunchdParams } from './lower.ts';
import { lowerLaunchd } from './lower.ts';
import { renderLaunchd } from './render.ts';

export const launchdBackend: Backend<LaunchdParams> = {
  name: 'launchd',
  lower: lowerLaunchd,
  render: renderLaunchd,
  explain: explainLaunchd,
  cannotDeploy: 'launchd runs on macOS only. Copy the plists from the built profile (Library/LaunchDaemons) to /Library/LaunchDaemons on the Mac and `launchctl load -w` them (docs/backends/launchd.md).',
};
