import { join } from 'node:path';
import { DEFAULT_PATH } from '../process/search-path.ts';
import type { BuildTarget } from '../target/build-target.ts';
import type { ExecutableRef } from './types.ts';

// Folders searched after PATH: daemons live in sbin, which a normal user's PATH often lacks.
const systemFolders = DEFAULT_PATH.split(':');

export type Resolution = { ok: true; path: string } | { ok: false; message: string; hint: string };

export interface ResolveOptions {
  /** Folders searched first (the model's `path`). */
  folders?: readonly string[];
  /** Paths of store files the build is about to write: executable although not there yet. */
  isPendingStorePath?: (path: string) => boolean;
  /** Search the system folders only, not the deploying user's PATH (generated scripts that must not depend on it). */
  systemFoldersOnly?: boolean;
}

/**
 * Turns an executable reference into an absolute path on the build's target, at build time, so that
 * generated configurations never depend on the PATH of whoever starts them later.
 */
export function resolveExecutable(ref: ExecutableRef, target: BuildTarget, options: ResolveOptions = {}): Resolution {
  const name = typeof ref === 'string' ? ref : ref.name;
  const install = typeof ref === 'string' ? undefined : ref.install;
  const where = target.name === 'this machine' ? '' : ` on ${target.name}`;
  if (name.includes('/')) {
    if (!name.startsWith('/')) {
      return { ok: false, message: `"${name}" is a relative path`, hint: 'Give an absolute path, or a command name looked up on PATH.' };
    }
    if (options.isPendingStorePath?.(name) || target.isExecutable(name)) return { ok: true, path: name };
    return {
      ok: false,
      message: `executable "${name}" does not exist or is not executable${where}`,
      hint: install ? `Install it: ${install}` : 'Check the path, or install the program that provides it.',
    };
  }
  const folders = [...(options.folders ?? []), ...(options.systemFoldersOnly ? [] : target.searchPath), ...systemFolders];
  for (const folder of folders) {
    const candidate = join(folder, name);
    if (target.isExecutable(candidate)) return { ok: true, path: candidate };
  }
  return {
    ok: false,
    message: `executable "${name}" was not found on PATH${where}`,
    hint: install ? `Install it: ${install}` : `Install the package that provides "${name}", or give its absolute path.`,
  };
}
