import { existsSync } from 'node:fs';
import { isAbsolute, normalize } from 'node:path';
import { SandboxError } from './errors.ts';
import type { SandboxBind } from './types.ts';

/** A bind with every field decided. */
export interface ResolvedBind {
  source: string;
  target: string;
  readOnly: boolean;
}

/**
 * Checks binds before anything is created, so that a typo fails with a clear message instead of a
 * mount error from inside a half-built sandbox.
 */
export function resolveBinds(binds: readonly SandboxBind[]): ResolvedBind[] {
  return binds.map((bind) => {
    const target = bind.target ?? bind.source;
    for (const path of [bind.source, target]) {
      if (!isAbsolute(path) || path.includes('\n')) {
        throw new SandboxError(`bind path "${path}" is not an absolute path on one line`, { hint: 'Give absolute paths for source and target.' });
      }
    }
    if (!existsSync(bind.source)) {
      throw new SandboxError(`bind source "${bind.source}" does not exist`, { hint: 'Create it before creating the sandbox.' });
    }
    if (normalize(target) === '/') {
      throw new SandboxError('a bind cannot replace the sandbox\'s root folder', { hint: 'Bind into a subfolder.' });
    }
    return { source: bind.source, target: normalize(target), readOnly: bind.readOnly ?? false };
  });
}
