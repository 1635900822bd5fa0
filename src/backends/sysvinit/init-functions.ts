import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.ts';
import { waitReadyScript } from '../../readiness/wait-ready-command.ts';
import { shellQuote } from '../../shell/quote.ts';
import type { BuildTarget, ProcformRuntime } from '../../target/build-target.ts';
import { nodeScriptCommand } from '../../target/build-target.ts';
import type { SystemTools } from './system-tools.ts';
import { resolveSystemTools } from './system-tools.ts';

/**
 * The init functions every script sources (init-functions.sh), with its programs substituted by
 * absolute paths, as upstream's init-functions.nix substitutes LFS's.
 */
export function renderInitFunctions(tools: SystemTools, runtime: ProcformRuntime): string {
  const [node, waitReady] = nodeScriptCommand(runtime, waitReadyScript);
  const values: Record<string, string> = { ...tools, node, waitReady };
  const template = readFileSync(join(packageRoot(), 'src/backends/sysvinit/init-functions.sh'), 'utf8');
  return template.replace(/@(\w+)@/g, (placeholder, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`init-functions.sh: unknown placeholder ${placeholder}`);
    return shellQuote(value);
  });
}

/** Puts the init functions in the store (one entry, shared by every instance) and returns the path. */
export function storeInitFunctions(ctx: { writeTextFile(options: { name: string; text: string }): string; target: BuildTarget }, instance: string): string {
  const text = renderInitFunctions(resolveSystemTools(instance, ctx.target), ctx.target.procformRuntime());
  return ctx.writeTextFile({ name: 'procform-init-functions', text });
}
