import type { ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';

/**
 * A shell command line that runs `argv` as `user` from `initialize` (which runs as root in a
 * privileged deployment): programs such as initdb refuse to run as root, and files they create
 * must belong to the service's user. Unprivileged, everything already runs as the deployer.
 */
export function runAs(ctx: ProcessContext, user: string, argv: readonly string[]): string {
  return ctx.forceDisableUserChange ? shellCommand(argv) : shellCommand([programPath(ctx, 'runuser', 'apt-get install util-linux'), '-u', user, '--', ...argv]);
}

/** `chown` of state folders to the service's user, in a privileged deployment only (invariant 6). */
export function chownCommand(ctx: ProcessContext, owner: string, paths: readonly string[]): string[] {
  return ctx.forceDisableUserChange ? [] : [shellCommand(['chown', owner, ...paths])];
}
