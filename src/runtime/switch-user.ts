import { execFileSync } from 'node:child_process';
import { resolveExecutable } from '../model/resolve-executable.ts';
import { shellQuote } from '../shell/quote.ts';
import { hostTarget } from '../target/host-target.ts';

/**
 * The shell words, for generated scripts, that run what follows them as `user` with the user's
 * primary group (looked up when the script runs: the switch may create the account after the build)
 * and supplementary groups, through setpriv. `tools` are absolute paths of setpriv and id.
 */
export function setprivWords(user: string, tools: { setpriv: string; id: string }): string {
  const quoted = shellQuote(user);
  return `${tools.setpriv} --reuid=${quoted} --regid="$(${tools.id} -g ${quoted})" --init-groups --`;
}

/**
 * The command that runs `program` as `user`, with the user's primary group and supplementary
 * groups (initgroups), through util-linux's setpriv. Node cannot do it itself: its spawn sets uid
 * and gid but clears the supplementary groups. procform-daemonize stays root, so it can keep
 * writing (and rotating) the log in a folder the user cannot write.
 */
export function commandAsUser(user: string, program: string, args: string[]): { command: string; args: string[] } {
  const id = systemTool('id');
  let gid: string;
  try {
    gid = execFileSync(id, ['-g', '--', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new Error(`there is no user "${user}"`);
  }
  return { command: systemTool('setpriv'), args: [`--reuid=${user}`, `--regid=${gid}`, '--init-groups', '--', program, ...args] };
}

function systemTool(name: string): string {
  const resolution = resolveExecutable(name, hostTarget(), { systemFoldersOnly: true });
  if (!resolution.ok) throw new Error(`${name} was not found; install util-linux and coreutils`);
  return resolution.path;
}
