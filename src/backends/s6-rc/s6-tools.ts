// The s6 and s6-rc programs the driver runs, found once per process; a missing one is an error
// saying where it comes from (Debian packages s6 and execline, not s6-rc).
import { ProcformError } from '../../errors.ts';
import { hostProgram } from '../../target/resolve-tool.ts';
import type { CommandResult } from '../../process/run-command.ts';
import { runCommand } from '../../process/run-command.ts';

/** s6 or s6-rc refused something, or a service failed under them. */
export class S6RcError extends ProcformError {}

const sources: Record<string, string> = {
  's6-svscan': 'apt-get install s6',
  's6-svscanctl': 'apt-get install s6',
  's6-svc': 'apt-get install s6',
  's6-svstat': 'apt-get install s6',
  execlineb: 'apt-get install execline',
  's6-rc': 'install s6-rc from your distribution (Alpine, Void, Arch, Gentoo), or build it from skarnet.org; on Debian 12, which lacks it, scripts/install-test-deps.sh builds it',
};
sources['s6-rc-compile'] = sources['s6-rc']!;
sources['s6-rc-init'] = sources['s6-rc']!;
sources['s6-rc-update'] = sources['s6-rc']!;

export function s6Program(name: keyof typeof sources | string): string {
  return hostProgram(name, { neededBy: '-P s6-rc', install: sources[name] ?? 'apt-get install s6' }, S6RcError);
}

/** Runs an s6 program; a failure throws with its output, saying what it was doing. */
export async function s6(name: string, args: readonly string[], doing: string): Promise<CommandResult> {
  const result = await runCommand(s6Program(name), args);
  if (result.code !== 0) {
    const output = `${result.stderr}${result.stdout}`.trim();
    throw new S6RcError(`${doing} failed: ${name} exited ${result.code}${output ? `:\n${output}` : ''}`);
  }
  return result;
}

/** Runs an s6 program whose exit code the caller reads. */
export function s6Try(name: string, args: readonly string[]): Promise<CommandResult> {
  return runCommand(s6Program(name), args);
}
