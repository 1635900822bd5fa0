// A machine with Node but without procform gets the coordinator's own procform: its package.json,
// dist/ and runtime dependencies, copied over ssh into ~/.procform/runtime/<version>-<hash>, with a
// `procform` wrapper there that the deploy then uses as the machine's procform command.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { packageRoot } from '../package-root.ts';
import { shellQuote } from '../shell/quote.ts';
import { folderDigest } from './prepare-network.ts';
import { runOnMachine, sshFailure } from './ssh.ts';
import type { Machine } from './types.ts';

/** Copies procform to the machine; returns the path of its `procform` command there, or why it could not. */
export async function installRuntime(machine: Machine, node: string, home: string): Promise<{ procform: string } | { failure: string }> {
  const root = packageRoot();
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
  const dependencies = Object.keys(manifest.dependencies ?? {}).map((name) => `node_modules/${name}`);
  const missing = ['dist', ...dependencies].filter((path) => !existsSync(join(root, path)));
  if (missing.length > 0) return { failure: `procform is not installed there, and this procform cannot copy itself (no ${missing.join(', ')} in ${root})` };
  const dir = `${home}/.procform/runtime/${manifest.version}-${folderDigest(join(root, 'dist')).slice(0, 16)}`;
  const wrapper = `${dir}/bin/procform`;
  const tar = spawn('tar', ['-C', root, '-cf', '-', 'package.json', 'dist', ...dependencies], { stdio: ['ignore', 'pipe', 'ignore'] });
  const script = [
    `if [ ! -x ${shellQuote(wrapper)} ]; then`,
    `  rm -rf ${shellQuote(`${dir}.partial`)} && mkdir -p ${shellQuote(`${dir}.partial/bin`)}`,
    `  tar -C ${shellQuote(`${dir}.partial`)} -xf -`,
    `  printf '#!/bin/sh\\nexec %s %s "$@"\\n' ${shellQuote(shellQuote(node))} ${shellQuote(shellQuote(`${dir}/dist/src/cli/main.js`))} > ${shellQuote(`${dir}.partial/bin/procform`)}`,
    `  chmod 755 ${shellQuote(`${dir}.partial/bin/procform`)}`,
    `  rm -rf ${shellQuote(dir)} && mv ${shellQuote(`${dir}.partial`)} ${shellQuote(dir)}`,
    'else cat >/dev/null; fi',
  ].join('\n');
  const result = await runOnMachine(machine, script, { input: tar.stdout, timeoutMs: 300_000 });
  const failure = sshFailure(result) ?? (result.code === 0 ? undefined : `copying procform there failed (exit ${result.code}): ${result.stderr.trim()}`);
  return failure === undefined ? { procform: wrapper } : { failure };
}
