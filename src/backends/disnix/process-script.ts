import { daemonizeCommand } from '../../runtime/daemonizer/command.ts';
import { exportEnvironment } from '../../shell/export-environment.ts';
import { shellCommand, shellQuote } from '../../shell/quote.ts';
import { resolveTool } from '../../target/resolve-tool.ts';
import type { BuildTarget } from '../../target/build-target.ts';
import type { DisnixParams } from './params.ts';
import { setprivWords } from '../../runtime/switch-user.ts';

/**
 * The process wrapper (upstream's generate-process-script): sets the umask and environment, runs
 * `initialize`, enters the working folder and execs the daemon, or procform-daemonize for a
 * foreground process; it returns once the daemon has detached and written its PID file.
 */
export function processScript(params: DisnixParams, statusFile: string, instance: string, target: BuildTarget): string {
  const lines = ['#!/bin/sh', `# How procform's disnix backend starts ${params.name.replace(/\s+/g, ' ')}; it detaches and writes ${params.pidFile.replace(/\s+/g, ' ')}.`, 'set -e'];
  if (params.umask !== null) lines.push(`umask ${params.umask}`);
  lines.push(...exportEnvironment(params));
  // A shell of its own with -e, so that a failing step stops the start.
  if (params.initialize.trim() !== '') lines.push(`/bin/sh -e -c ${shellQuote(params.initialize)} initialize`);
  if (params.directory !== null) lines.push(`cd ${shellQuote(params.directory)}`);
  const command = params.processIsDaemon ? [params.process, ...params.args] : daemonizeCommand(target.procformRuntime(), params, statusFile);
  const parts: string[] = [];
  const tool = (name: string, pkg: string) => resolveTool(target, instance, name, { neededBy: 'the disnix backend', install: `apt-get install ${pkg}` });
  // nice first, while still root (a negative nice level needs it); procform-daemonize drops privileges itself.
  if (params.nice !== null) parts.push(shellCommand([tool('nice', 'coreutils'), '-n', String(params.nice)]));
  if (params.processIsDaemon && params.user !== null) {
    parts.push(setprivWords(params.user, { setpriv: tool('setpriv', 'util-linux'), id: tool('id', 'coreutils') }));
  }
  lines.push(`exec ${[...parts, shellCommand(command)].join(' ')}`);
  return `${lines.join('\n')}\n`;
}
