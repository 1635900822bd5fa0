import { DEFAULT_PATH } from '../process/search-path.ts';
import { boundingSetArgument } from './capabilities.ts';
import { initScript } from './init-script.ts';
import type { HostDeployments } from './host-deployments.ts';
import type { ResolvedBind } from './resolve-binds.ts';
import type { SandboxInit } from './types.ts';

export interface LaunchSettings {
  id: string;
  init: SandboxInit;
  /** The normal user to create inside, if any. */
  account: string | undefined;
  binds: readonly ResolvedBind[];
  /** What the host's procform deployments left, for the sandbox to hide. */
  hidden: HostDeployments;
}

/**
 * The command the guard runs (from inside the sandbox's cgroups) to start the sandbox:
 * - setpriv --pdeathsig KILL: the launcher dies with the guard, even if the guard is SIGKILLed;
 * - setpriv --bounding-set: drops host-wide capabilities for everything in the sandbox;
 * - env -i: PID 1 starts from a clean environment (systemd reads `container` from it);
 * - unshare --fork --kill-child: new namespaces, and PID 1 dies with the launcher.
 */
export function launchCommand(settings: LaunchSettings): string[] {
  return [
    'setpriv',
    '--pdeathsig',
    'KILL',
    '--bounding-set',
    boundingSetArgument(),
    '--',
    'env',
    '-i',
    `PATH=${DEFAULT_PATH}`,
    'container=procform',
    `PROCFORM_SANDBOX_HOSTNAME=${settings.id}`,
    `PROCFORM_SANDBOX_INIT=${settings.init}`,
    `PROCFORM_SANDBOX_ACCOUNT=${settings.account ?? ''}`,
    `PROCFORM_SANDBOX_HIDE_FOLDERS=${settings.hidden.folders.join('\n')}`,
    `PROCFORM_SANDBOX_HIDE_FILES=${settings.hidden.files.join('\n')}`,
    `PROCFORM_SANDBOX_HIDE_USERS=${settings.hidden.users.join(' ')}`,
    `PROCFORM_SANDBOX_HIDE_GROUPS=${settings.hidden.groups.join(' ')}`,
    'unshare',
    '--pid',
    '--fork',
    '--kill-child',
    '--mount',
    '--uts',
    '--ipc',
    '--net',
    '--cgroup',
    '--propagation',
    'private',
    '--',
    'bash',
    '-c',
    initScript,
    'procform-init',
    ...settings.binds.flatMap((bind) => [bind.source, bind.target, bind.readOnly ? 'ro' : 'rw']),
  ];
}
