import { join } from 'node:path';
import { packageRoot } from './package-root.ts';

/**
 * The argv that runs one of procform's own built scripts (`script` relative to dist/, as
 * `src/readiness/wait-ready-main.js`) with the Node that runs procform, both as absolute paths: what
 * generated wrappers, units and init scripts embed, so that they never depend on anyone's PATH.
 */
export function nodeScriptCommand(script: string): [node: string, script: string] {
  return [process.execPath, join(packageRoot(), 'dist', script)];
}
