import { InstanceError } from '../../errors.ts';
import type { LowerInput, RenderedFile } from '../types.ts';
import type { LaunchdParams } from './lower.ts';
import { PlistValueError, renderPlist } from './plist.ts';

/**
 * `Library/LaunchDaemons/<Label>.plist`, as upstream; for an unprivileged deployment
 * `Library/LaunchAgents/`, where a user's own jobs go (copied to ~/Library/LaunchAgents).
 */
export function renderLaunchd(params: LaunchdParams, { spec, ctx }: LowerInput): Record<string, RenderedFile> {
  const label = params.Label;
  if (typeof label !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(label)) {
    throw new InstanceError(
      { instance: spec.instance, field: 'pkg.overrides.launchd.Label', message: `${JSON.stringify(label)} is not a launchd label (letters, digits, . _ -)` },
      { hint: 'The label names the job and its plist file, as in org.example.webapp.' },
    );
  }
  const folder = ctx.forceDisableUserChange ? 'Library/LaunchAgents' : 'Library/LaunchDaemons';
  try {
    return { [`${folder}/${label}.plist`]: renderPlist(params) };
  } catch (error) {
    if (!(error instanceof PlistValueError)) throw error;
    throw new InstanceError({ instance: spec.instance, field: `launchd key ${error.path}`, message: error.message });
  }
}
