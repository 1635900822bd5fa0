import { createManagedProcess, executable } from '../src/model/create-managed-process.ts';
import type { ManagedProcess, ProcessContext } from '../src/model/types.ts';
import { shellCommand } from '../src/shell/quote.ts';
import { programPath } from './program-path.ts';

export interface S6SvscanParams {
  /** The scan directory: one service directory (with a `run` script) per supervised service. Default `<runtimeDir>/<instance>`. */
  scanDir?: string;
  instanceSuffix?: string;
  instanceName?: string;
}

/** The scan directory of an s6-svscan instance, by default. */
export function s6ScanDir(ctx: ProcessContext, instanceName: string): string {
  return `${ctx.runtimeDir}/${instanceName}`;
}

/**
 * s6-svscan (Debian's s6) as a service other tools deploy into, upstream's s6-svscan: it supervises
 * every service directory in its scan directory (`s6-svscanctl -a` picks up new ones). Foreground
 * only. Stopping it stops the services it supervises. Ready when s6-svscanctl reaches it through
 * its control pipe.
 */
export function s6Svscan(ctx: ProcessContext): (params?: S6SvscanParams) => ManagedProcess {
  const svscanctl = programPath(ctx, 's6-svscanctl', 'apt-get install s6');
  return ({ instanceSuffix = '', instanceName = `s6-svscan${instanceSuffix}`, scanDir = s6ScanDir(ctx, instanceName) } = {}) =>
    createManagedProcess({
      name: instanceName,
      instanceName,
      description: 's6-svscan',
      foregroundProcess: executable('s6-svscan', { install: 'apt-get install s6' }),
      foregroundProcessArgs: [scanDir],
      initialize: `${shellCommand(['mkdir', '-p', scanDir])}\n`,
      // -a (rescan) is harmless, and succeeds only when s6-svscan reads its control pipe.
      readiness: { kind: 'exec', command: [svscanctl, '-a', scanDir] },
    });
}
