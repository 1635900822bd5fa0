// Builds a model for systemd into a throw-away store and returns its unit files, for the golden
// and verify tests.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions } from '../../../src/build/build-profile.ts';
import { buildProfile } from '../../../src/build/build-profile.ts';
import { tempDir } from '../../support/temp-dir.ts';

export interface BuiltUnits {
  storeDir: string;
  /** Profile-relative path → absolute path of the unit file in the store. */
  files: Record<string, string>;
}

export async function buildUnits(options: Omit<BuildOptions, 'processManager' | 'storeDir'>): Promise<BuiltUnits> {
  const storeDir = join(tempDir(), 'store');
  const built = await buildProfile({ ...options, processManager: 'systemd', storeDir });
  const files: Record<string, string> = {};
  for (const scope of ['system', 'user']) {
    const dir = join(built.path, 'etc/systemd', scope);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) files[`etc/systemd/${scope}/${name}`] = join(dir, name);
  }
  return { storeDir, files };
}

/** Every unit, with a header line each and its EnvironmentFile= after it, and the throw-away store's path replaced for golden files. */
export function unitsText({ storeDir, files }: BuiltUnits): string {
  return Object.entries(files)
    .map(([relative, path]) => `==> ${relative} <==\n${withEnvironmentFiles(readFileSync(path, 'utf8'))}`)
    .join('\n')
    .replaceAll(storeDir, '<store>');
}

/** A unit's text followed by the files its EnvironmentFile= lines name (where the model's environment is). */
export function withEnvironmentFiles(unit: string): string {
  const files = [...unit.matchAll(/^EnvironmentFile=(.+)$/gm)].map((match) => match[1]!);
  return [unit, ...files.map((file) => `--> ${file} <--\n${readFileSync(file, 'utf8')}`)].join('');
}
