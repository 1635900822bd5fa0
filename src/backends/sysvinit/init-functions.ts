import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.ts';
import { shellQuote } from '../../shell/quote.ts';
import type { SystemTools } from './system-tools.ts';
import { resolveSystemTools } from './system-tools.ts';

/** Where the built scripts of this backend live, beside procform's other entry points. */
export function sysvinitDistFile(file: string): string {
  return join(packageRoot(), 'dist/src/backends/sysvinit', file);
}

/**
 * The init functions every script sources (init-functions.sh), with its programs substituted by
 * absolute paths, as upstream's init-functions.nix substitutes LFS's.
 */
export function renderInitFunctions(tools: SystemTools): string {
  const values: Record<string, string> = { ...tools, node: process.execPath, waitReady: join(packageRoot(), 'dist/src/readiness/wait-ready-main.js') };
  const template = readFileSync(join(packageRoot(), 'src/backends/sysvinit/init-functions.sh'), 'utf8');
  return template.replace(/@(\w+)@/g, (placeholder, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`init-functions.sh: unknown placeholder ${placeholder}`);
    return shellQuote(value);
  });
}

/** Puts the init functions in the store (one entry, shared by every instance) and returns the path. */
export function storeInitFunctions(ctx: { writeTextFile(options: { name: string; text: string }): string }, instance: string): string {
  return ctx.writeTextFile({ name: 'procform-init-functions', text: renderInitFunctions(resolveSystemTools(instance)) });
}
