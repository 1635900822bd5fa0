/**
 * PATH when the model sets none: the usual system folders, sbin included (as for root on Debian),
 * so that what a process finds does not depend on who started its process manager.
 */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A process's PATH: the model's `path` folders before its PATH variable, or before the default. */
export function searchPath(folders: readonly string[], pathVariable: string | undefined): string {
  return [...folders, pathVariable ?? DEFAULT_PATH].join(':');
}
