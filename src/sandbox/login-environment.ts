import { DEFAULT_PATH } from '../process/search-path.ts';
import type { SandboxAccount, SandboxInit, SandboxUser } from './types.ts';

// Debian's default PATH for a normal user's login.
const userPath = '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games';

/**
 * The environment of a login shell for `user`, as `su -` or an ssh login would set it: commands
 * in a sandbox must not depend on the environment of whoever created the sandbox.
 */
export function loginEnvironment(user: SandboxUser, account: SandboxAccount | undefined, init: SandboxInit): Record<string, string> {
  const common = { SHELL: '/bin/bash', LANG: 'C.UTF-8' };
  if (user === 'root') return { ...common, HOME: '/root', USER: 'root', LOGNAME: 'root', PATH: DEFAULT_PATH };
  const { name, uid, home } = account!;
  const runtimeDir = `/run/user/${uid}`;
  return {
    ...common,
    HOME: home,
    USER: name,
    LOGNAME: name,
    PATH: userPath,
    // What pam_systemd sets at login: systemctl --user finds the user manager through it.
    XDG_RUNTIME_DIR: runtimeDir,
    ...(init === 'systemd' ? { DBUS_SESSION_BUS_ADDRESS: `unix:path=${runtimeDir}/bus` } : {}),
  };
}
