// runit's sv and what it says about a service, for the driver and status.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProcformError } from '../../errors.ts';
import { hostProgram } from '../../target/resolve-tool.ts';
import type { CommandResult } from '../../process/run-command.ts';
import { runCommand } from '../../process/run-command.ts';

/** runit refused something, or a service failed under it. */
export class RunitError extends ProcformError {}

/** A runit program by absolute path, or an error saying how to install it. */
export function runitProgram(name: string): string {
  return hostProgram(name, { neededBy: '-P runit', install: 'apt-get install runit (Debian, Ubuntu), apk add runit (Alpine), xbps-install runit (Void)' }, RunitError);
}

/**
 * An `sv -w` a killed switch or `procform start`/`stop` left waiting on one of the deployment's
 * services (it still runs the service's check): the next command under the deployment's lock ends it.
 */
export function isLeftoverWait(argv: readonly string[], scanDir: string): boolean {
  return argv[0] === runitProgram('sv') && argv.includes('-w') && argv.some((arg) => arg.startsWith(`${scanDir}/`));
}

export function sv(args: readonly string[]): Promise<CommandResult> {
  return runCommand(runitProgram('sv'), args);
}

export interface SvStatus {
  /** run, down or finish; null when no runsv watches the folder. */
  state: 'run' | 'down' | 'finish' | null;
  pid: number | null;
  wantUp: boolean;
}

/**
 * Whether runsv wants the service up: byte 17 of supervise/status ('u' or 'd'), which sv prints
 * only in some states (not while the finish script runs).
 */
async function wantsUp(dir: string): Promise<boolean> {
  const status = await readFile(join(dir, 'supervise', 'status')).catch(() => null);
  return status !== null && status[17] === 'u'.charCodeAt(0);
}

/** `sv status DIR`, parsed: "run: DIR: (pid 12) 3s, normally down; run: log: (pid 11) 3s". */
export async function svStatus(dir: string): Promise<SvStatus> {
  const { stdout } = await sv(['status', dir]);
  const main = stdout.split('; ')[0] ?? '';
  const match = /^(run|down|finish): .*?: (?:\(pid (\d+)\) )?\d+s/.exec(main);
  if (!match) return { state: null, pid: null, wantUp: false };
  return { state: match[1] as SvStatus['state'], pid: match[2] === undefined || match[2] === '0' ? null : Number(match[2]), wantUp: await wantsUp(dir) };
}
