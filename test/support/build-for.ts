// Builds a model for a process manager in memory-to-store, without deploying: for the backends'
// rendering tests (golden files, escaping checked by the manager's own parser).
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProfile } from '../../src/build/build-profile.ts';
import type { ModelFunction } from '../../src/load/load-model.ts';
import { repoRoot } from './cli.ts';
import { tempDir } from './temp-dir.ts';

export interface BuiltProfile {
  path: string;
  storeDir: string;
  /** Every file of the profile (links followed), by relative path, sorted. */
  files: Record<string, string>;
}

/** The webapps example (examples/webapps/<model>) built for `processManager`, privileged into /var unless told otherwise. */
export async function buildExampleFor(processManager: string, model: string, options: { forceDisableUserChange?: boolean; extraParams?: Record<string, unknown> } = {}): Promise<BuiltProfile> {
  const storeDir = join(tempDir(), 'store');
  const built = await buildProfile({
    modelFile: join(repoRoot, 'examples/webapps', model),
    processManager,
    dirs: { stateDir: '/var' },
    forceDisableUserChange: options.forceDisableUserChange ?? false,
    storeDir,
    ...(options.extraParams && { extraParams: options.extraParams }),
  });
  return { path: built.path, storeDir, files: profileFiles(built.path) };
}

/** An inline model built for `processManager`, unprivileged, under a fresh state folder. */
export async function buildInlineFor(processManager: string, model: ModelFunction): Promise<BuiltProfile> {
  const stateDir = join(tempDir(), 'state');
  const storeDir = join(stateDir, 'lib/procform/store');
  const built = await buildProfile({ modelFile: join(stateDir, 'processes.ts'), model, processManager, dirs: { stateDir }, forceDisableUserChange: true });
  return { path: built.path, storeDir, files: profileFiles(built.path) };
}

/** The profile's files but its manifest, as one text (store paths as <store>), for a golden file. */
export function describeFiles(profile: BuiltProfile): string {
  return Object.entries(profile.files)
    .filter(([relative]) => relative !== 'manifest.json')
    .map(([relative, text]) => `==== ${relative}\n${text}====\n`)
    .join('')
    .replaceAll(profile.storeDir, '<store>');
}

function profileFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string): void => {
    const path = join(root, relative);
    if (lstatSync(path).isDirectory() || (lstatSync(path).isSymbolicLink() && readdirSafe(path))) {
      for (const entry of readdirSync(path).sort()) walk(relative ? `${relative}/${entry}` : entry);
      return;
    }
    files[relative] = readFileSync(path, 'utf8');
  };
  walk('');
  return files;
}

function readdirSafe(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}
