import { resolveDeploymentDirs } from '../model/deployment-dirs.ts';
import type { DeploymentDirs } from '../model/types.ts';
import type { SandboxUser } from '../sandbox/types.ts';
import type { TestProfile } from './types.ts';

/** How a profile deploys: as whom, and where procform's defaults put the deployment for that user. */
export interface ProfileSettings {
  user: SandboxUser;
  dirs: DeploymentDirs;
  forceDisableUserChange: boolean;
}

const unprivilegedHome = '/home/unprivileged';

/**
 * privileged: root, upstream's /var, accounts created and processes dropping privileges.
 * unprivileged: the sandbox's normal user, its default XDG state folder, no user change. The
 * folders are procform's own defaults for that user, so `procform switch` inside needs no options.
 */
export function profileSettings(profile: TestProfile): ProfileSettings {
  if (profile === 'privileged') return { user: 'root', dirs: resolveDeploymentDirs({}, {}, true), forceDisableUserChange: false };
  return { user: 'unprivileged', dirs: resolveDeploymentDirs({}, { HOME: unprivilegedHome }, false), forceDisableUserChange: true };
}
