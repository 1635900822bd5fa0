// Helpers for the sysvinit tests: models in throw-away folders, and procform run with `-P sysvinit`
// against their state folders.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../../support/cli.ts';
import { expectSuccess, runCliIn } from '../../support/cli.ts';
import { cleanUpAfterTest } from '../../support/deployment-processes.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** A model file in a fresh folder (importing procform as users do), and a state folder cleaned up after the test. */
export function writeModel(source: string): { dir: string; model: string; stateDir: string } {
  const dir = tempDir('procform-sysvinit-');
  const model = join(dir, 'processes.ts');
  writeFileSync(model, source);
  const stateDir = join(dir, 'state');
  cleanUpAfterTest(stateDir);
  return { dir, model, stateDir };
}

/** procform with this deployment's state folder; unprivileged unless `privileged`. */
export function procform(stateDir: string, args: string[], options: { privileged?: boolean; build?: boolean } = {}): Promise<CliResult> {
  const build = options.build ?? ['switch', 'build', 'up'].includes(args[0]!);
  return runCliIn(stateDir, [...args, ...(build ? ['-P', 'sysvinit', ...(options.privileged ? [] : ['--force-disable-user-change'])] : [])], { timeoutMs: 120_000 });
}

/** Like procform(), but the command must succeed. */
export async function procformOk(stateDir: string, args: string[], options: { privileged?: boolean } = {}): Promise<CliResult> {
  return expectSuccess(await procform(stateDir, args, options), args);
}

export function pidIn(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}
