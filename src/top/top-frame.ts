import type { Colors } from '../cli/format-status.ts';
import { formatUptime, stateColours } from '../cli/format-status.ts';
import type { InstanceRow } from '../live/instance-rows.ts';
import { printable } from '../text/printable.ts';
import { fit } from './fit-text.ts';
import { formatCpu, formatMemory } from '../live/format-usage.ts';

/** Everything one frame of `procform top` shows. */
export interface TopView {
  /** The process manager, state folder and profile. */
  title: string;
  rows: readonly InstanceRow[];
  selected: number;
  log: { instance: string | null; lines: readonly string[]; following: boolean };
  /** The last action's progress or outcome, shown instead of the key help. */
  message: { text: string; error: boolean } | null;
  now: number;
}

interface Column {
  title: string;
  cell: (row: InstanceRow, now: number) => string;
  right?: boolean;
  /** Narrow terminals drop columns by this rank, lowest first; 0 is never dropped. */
  dropRank: number;
}

// The least useful at a glance goes first: restarts and readiness, then uptime and PID; CPU and
// memory are what a live view is for, and name and state identify the row.
const columns: Column[] = [
  { title: 'INSTANCE', cell: (row) => row.instance, dropRank: 0 },
  { title: 'STATE', cell: (row) => row.state, dropRank: 0 },
  { title: 'PID', cell: (row) => (row.pid === null ? '-' : String(row.pid)), right: true, dropRank: 4 },
  { title: 'UPTIME', cell: (row, now) => (row.startedAt === null || row.state !== 'running' ? '-' : formatUptime(now - row.startedAt)), right: true, dropRank: 3 },
  { title: 'RESTARTS', cell: (row) => (row.restarts === null ? '-' : String(row.restarts)), right: true, dropRank: 1 },
  { title: 'READY', cell: (row) => (row.ready === null ? '-' : row.ready ? 'yes' : 'no'), dropRank: 2 },
  { title: 'CPU', cell: (row) => formatCpu(row.cpuPercent), right: true, dropRank: 6 },
  { title: 'MEM', cell: (row) => formatMemory(row.memoryBytes), right: true, dropRank: 5 },
];

const gap = 2;
const marker = 2; // "> " before the selected row

export const KEY_HELP = '↑/↓ select  r restart  s start  x stop  f follow log  q quit';

/**
 * One frame: exactly `size.rows` lines, none wider than the terminal (the last one a column
 * narrower, so that writing it never scrolls). Plain text plus SGR colours only: any terminal,
 * over any SSH, shows it.
 */
export function renderTopFrame(view: TopView, size: { columns: number; rows: number }, colors: Colors): string[] {
  const width = Math.max(1, size.columns);
  const height = Math.max(1, size.rows);
  const lines: string[] = [colors.bold(fit(view.title, width))];
  const footer = view.message ? (view.message.error ? colors.red : colors.cyan)(fit(printable(view.message.text), width - 1)) : colors.dim(fit(KEY_HELP, width - 1));

  if (view.log.following && view.log.instance !== null) {
    lines.push(colors.inverse(fit(`following the log of ${view.log.instance} (f or Esc: back)`, width, true)));
    const room = Math.max(0, height - 3);
    for (const line of view.log.lines.slice(-room)) lines.push(fit(printable(line), width));
  } else {
    const shown = fitColumns(view.rows, view.now, width);
    const available = Math.max(0, height - 4);
    const tableRows = Math.min(view.rows.length, Math.max(1, Math.ceil(available / 2)), available);
    const offset = Math.max(0, Math.min(view.selected - Math.floor(tableRows / 2), view.rows.length - tableRows));
    lines.push(colors.dim(fit(formatRow(shown, shown.map((column) => column.title), false), width)));
    const paint = stateColours(colors);
    for (const [index, row] of view.rows.slice(offset, offset + tableRows).entries()) {
      const selected = offset + index === view.selected;
      const cells = shown.map((column) => column.cells[offset + index]!);
      const text = fit(formatRow(shown, cells, selected), width);
      // The state cell is coloured; the selected row is in inverse video, and marked for NO_COLOR.
      lines.push(selected ? colors.inverse(fit(text, width, true)) : paintState(text, shown, paint[row.state]));
    }
    if (view.rows.length === 0) lines.push(colors.dim('no instances'));
    const heading = `── ${view.log.instance === null ? 'log' : `log of ${printable(view.log.instance)}`} `;
    lines.push(colors.dim(fit(heading + '─'.repeat(Math.max(0, width - [...heading].length)), width)));
    // Why the selected instance failed, in status's words, above its last lines.
    const reason = view.rows[view.selected]?.reason?.split('\n')[0];
    if (reason) lines.push(colors.red(fit(printable(reason), width)));
    const room = Math.max(0, height - lines.length - 1);
    for (const line of view.log.lines.slice(-room)) lines.push(fit(printable(line), width));
  }
  while (lines.length < height - 1) lines.push('');
  return [...lines.slice(0, height - 1), footer];
}

interface ShownColumn extends Column {
  cells: string[];
  width: number;
}

/** The columns that fit, dropping by rank; the instance names are cut when even two do not fit. */
function fitColumns(rows: readonly InstanceRow[], now: number, width: number): ShownColumn[] {
  let shown: ShownColumn[] = columns.map((column) => {
    const cells = rows.map((row) => printable(column.cell(row, now)));
    return { ...column, cells, width: Math.max(column.title.length, ...cells.map((cell) => [...cell].length)) };
  });
  const total = () => marker + shown.reduce((sum, column) => sum + column.width, 0) + gap * (shown.length - 1);
  while (total() > width) {
    const droppable = shown.filter((column) => column.dropRank > 0);
    if (droppable.length === 0) break;
    const lowest = droppable.reduce((low, column) => (column.dropRank < low.dropRank ? column : low));
    shown = shown.filter((column) => column !== lowest);
  }
  const excess = total() - width;
  if (excess > 0) shown[0] = { ...shown[0]!, width: Math.max(1, shown[0]!.width - excess) };
  return shown;
}

function formatRow(shown: readonly ShownColumn[], cells: readonly string[], selected: boolean): string {
  const text = shown
    .map((column, index) => {
      const cell = fit(cells[index]!, column.width);
      return column.right ? cell.padStart(column.width) : cell.padEnd(column.width);
    })
    .join(' '.repeat(gap))
    .trimEnd();
  return `${selected ? '>' : ' '} ${text}`;
}

function paintState(text: string, shown: readonly ShownColumn[], paint: (text: string) => string): string {
  const start = marker + shown[0]!.width + gap;
  const end = start + shown[1]!.width;
  return text.slice(0, start) + paint(text.slice(start, end)) + text.slice(end);
}
