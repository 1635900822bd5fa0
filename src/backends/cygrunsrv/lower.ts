import { searchPath } from '../../process/search-path.ts';
import { shLaunchOf, shLaunchScript } from '../../runtime/sh-launch.ts';
import type { LowerInput } from '../types.ts';

/** upstream's createCygrunsrvParams parameters. */
export interface CygrunsrvParams extends Record<string, unknown> {
  /** The Windows service's name (cygrunsrv --install NAME), also its display name by default. */
  name: string;
  displayName: string;
  description: string;
  /** The executable cygrunsrv starts, and its arguments. */
  path: string;
  args: string[];
  environment: Record<string, string>;
  /** `auto` starts at boot, `manual` on request. */
  type: 'auto' | 'manual';
  stdin: string | null;
  stdout: string | null;
  stderr: string | null;
  /** Sent to stop the service (cygrunsrv --termsig). */
  terminateSignal: string;
  /** Stop it when Windows shuts down (--shutdown). */
  terminateOnShutdown: boolean;
  /** Service names started before this one (--dep). */
  dependencies: string[];
}

/** upstream's `nix-process-`; procform's services say who made them. */
export const SERVICE_PREFIX = 'procform-';

/**
 * The agnostic process → cygrunsrv's install arguments, as upstream's generate-cygrunsrv-params:
 * the foreground process (cygrunsrv needs one that stays; a daemon-only one runs under the
 * foreground proxy), its environment with PATH, and what cygrunsrv cannot set itself (umask,
 * folder, nice, initialize) done by a launch script in the store. Output goes to <logDir>/<name>.log.
 */
export function lowerCygrunsrv({ spec, ctx }: LowerInput): CygrunsrvParams {
  const command = (spec.foreground ?? spec.daemon)!;
  const script = shLaunchScript(shLaunchOf(spec, command));
  // A file of its own (upstream: the foreground proxy's derivation): the parameters file cannot hold a multi-line script.
  const [path, ...args] = script === null ? [command.executable, ...command.args] : [ctx.writeScript(`${spec.name}-launch`, `#!/bin/sh\n${script}\n`), command.executable, ...command.args];
  const { PATH: pathVariable, ...environment } = spec.environment;
  const log = `${ctx.logDir}/${spec.name}.log`;
  return {
    name: `${SERVICE_PREFIX}${spec.name}`,
    displayName: `${SERVICE_PREFIX}${spec.name}`,
    description: spec.description,
    path: path!,
    args,
    environment: { ...environment, PATH: searchPath(spec.path, pathVariable) },
    type: 'auto',
    stdin: null,
    stdout: log,
    stderr: log,
    terminateSignal: spec.stop.signal,
    terminateOnShutdown: true,
    dependencies: spec.dependencies.map((name) => `${SERVICE_PREFIX}${name}`),
  };
}
