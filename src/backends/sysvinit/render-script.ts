import { shellQuote } from '../../shell/quote.ts';
import type { BuildTarget } from '../../target/build-target.ts';
import { exportEnvironment } from '../../shell/export-environment.ts';
import { scriptActivities } from './activities.ts';
import type { SysvinitParams } from './params.ts';
import { startStopRunlevels } from './runlevels.ts';

/**
 * The init script: an LSB header (so insserv or update-rc.d could install it), procform's init
 * functions, the process's umask and environment (exported for every activity, as upstream),
 * `initialize` as a function, and one case branch per activity.
 */
export function renderScript(params: SysvinitParams, statusFile: string, instance: string, target: BuildTarget): string {
  const { start, stop } = startStopRunlevels(params);
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');
  const header = [
    '### BEGIN INIT INFO',
    `# Provides:          ${params.name}`,
    ...(params.dependencies.length > 0
      ? [`# Should-Start:      ${params.dependencies.join(' ')}`, `# Should-Stop:       ${params.dependencies.join(' ')}`]
      : []),
    `# Default-Start:     ${start.join(' ')}`,
    `# Default-Stop:      ${stop.join(' ')}`,
    `# Short-Description: ${oneLine(params.description)}`,
    `# Description:       ${oneLine(params.description)}`,
    '### END INIT INFO',
  ];
  const lines = ['#!/bin/sh', ...header, '', params.initialInstructions];
  if (params.globalInstructions.trim() !== '') lines.push('', params.globalInstructions.replace(/\n$/, ''));
  const settings = [...(params.umask === null ? [] : [`umask ${params.umask}`]), ...exportEnvironment(params)];
  if (settings.length > 0) lines.push('', ...settings);
  if (params.initialize.trim() !== '') {
    // A shell of its own with -e, so that a failing step stops the start: a function's own `set -e`
    // has no effect when it is called as `initialize || …`, as start_daemon does (POSIX).
    lines.push('', 'initialize() {', `    /bin/sh -e -c ${shellQuote(params.initialize)} initialize`, '}');
  }
  lines.push('', 'case "$1" in');
  for (const [name, body] of scriptActivities(params, statusFile, instance, target)) lines.push(`    ${name})`, body, '        ;;');
  lines.push('esac', '');
  return lines.join('\n');
}
