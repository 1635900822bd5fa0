import pc from 'picocolors';
import type { InstanceState, InstanceStatus } from '../deploy/types.ts';

export type Colors = ReturnType<typeof pc.createColors>;

/** Each state's colour, in every view of instances (status, top, with colours on or off). */
export function stateColours(colors: Colors = pc): Record<InstanceState, (text: string) => string> {
  return { running: colors.green, starting: colors.cyan, backoff: colors.yellow, stopped: colors.dim, failed: colors.red, unknown: colors.yellow };
}

const stateColour = stateColours();

/** `procform status`: one row per instance, then the reasons of failed ones. */
export function formatStatusTable(statuses: readonly InstanceStatus[], processManager: string, now = Date.now()): string {
  const rows = statuses.map((status) => [
    status.instance,
    status.state,
    status.pid === null ? '-' : String(status.pid),
    status.startedAt === null || status.state !== 'running' ? '-' : formatUptime(now - status.startedAt),
    status.restarts === null ? '-' : String(status.restarts),
    status.ready === null ? '-' : status.ready ? 'yes' : 'no',
  ]);
  const header = ['INSTANCE', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'READY'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[], paint?: (text: string) => string) =>
    cells.map((cell, column) => (column === 1 && paint ? paint(cell.padEnd(widths[column]!)) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  const reasons = statuses.filter((status) => status.reason).map((status) => `\n${pc.red(status.instance)}: ${status.reason}`);
  return `${[pc.dim(`process manager: ${processManager}`), line(header), ...rows.map((row, index) => line(row, stateColour[statuses[index]!.state]))].join('\n')}\n${reasons.join('\n')}${reasons.length ? '\n' : ''}`;
}

/** How long an instance has run, in two units at most (59s, 3m07s, 2h05m, 4d01h). */
export function formatUptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(seconds / 86_400)}d${String(Math.floor((seconds % 86_400) / 3600)).padStart(2, '0')}h`;
}
