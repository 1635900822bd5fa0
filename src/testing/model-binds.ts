import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { hiddenInSandbox } from '../sandbox/procform-bind.ts';
import type { SandboxBind } from '../sandbox/types.ts';

/**
 * The model's folder, shared read-only into the machine when the machine would not show it (a
 * model under /tmp or /home, or on another file system): `procform switch` inside must read it, its
 * IDs file and whatever it imports beside it. Models on the root file system are there already.
 */
export function modelBinds(modelFile: string): SandboxBind[] {
  const folder = dirname(modelFile);
  const onRootFileSystem = statSync(folder).dev === statSync('/').dev;
  return hiddenInSandbox(folder, onRootFileSystem) ? [{ source: folder, readOnly: true }] : [];
}
