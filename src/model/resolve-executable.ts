import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DEFAULT_PATH } from '../process/search-path.ts';
import type { ExecutableRef } from './types.ts';

// Folders searched after PATH: daemons live in sbin, which a normal user's PATH often lacks.
const systemFolders = DEFAULT_PATH.split(':');

export type Resolution = { ok: true; path: string } | { ok: false; message: string; hint: string };

/**
 * Turns an executable reference into an absolute path at build time, so that generated
 * configurations never depend on the PATH of whoever starts them later.
 */
export function resolveExecutable(
  ref: ExecutableRef,
  extraFolders: readonly string[],
  isPendingStorePath: (path: string) => boolean,
  envPath: string = process.env.PATH ?? '',
): Resolution {
  const name = typeof ref === 'string' ? ref : ref.name;
  const install = typeof ref === 'string' ? undefined : ref.install;
  if (name.includes('/')) {
    if (!name.startsWith('/')) {
      return { ok: false, message: `"${name}" is a relative path`, hint: 'Give an absolute path, or a command name looked up on PATH.' };
    }
    if (isPendingStorePath(name) || isExecutableFile(name)) return { ok: true, path: name };
    return {
      ok: false,
      message: `executable "${name}" does not exist or is not executable`,
      hint: install ? `Install it: ${install}` : 'Check the path, or install the program that provides it.',
    };
  }
  const folders = [...extraFolders, ...envPath.split(delimiter).filter(Boolean), ...systemFolders];
  for (const folder of folders) {
    const candidate = join(folder, name);
    if (isExecutableFile(candidate)) return { ok: true, path: candidate };
  }
  return {
    ok: false,
    message: `executable "${name}" was not found on PATH`,
    hint: install ? `Install it: ${install}` : `Install the package that provides "${name}", or give its absolute path.`,
  };
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
