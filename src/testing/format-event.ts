// The one place that decides how a test run looks: event lines, the live status of a running
// variant, the summary table and the report of a failed variant.
import pc from 'picocolors';
import { formatStatusTable } from '../cli/format-status.ts';
import { formatSeconds } from './errors.ts';
import type { TestEvent } from './events.ts';
import type { FailurePoint, Phase, VariantResult } from './types.ts';

const mark = { passed: pc.green('✓'), failed: pc.red('✗'), skipped: pc.yellow('-'), interrupted: pc.yellow('!') };

/** "deploy", "tests of nginx2". */
export function describeFailurePoint(at: FailurePoint): string {
  return at.instance === undefined ? at.phase : `${at.phase} of ${at.instance}`;
}

/** A running variant's current step, for the live display and plain progress lines. */
export function describeStep(phase: Phase, instance?: string): string {
  return instance === undefined ? phase : `${phase} ${instance}`;
}

/**
 * One line per event, or undefined for events that only change the live display. `elapsedMs` is
 * the time since the variant started (phase lines) or since the run started (run lines).
 */
export function formatEvent(event: TestEvent, elapsedMs: number, width = 0): string | undefined {
  switch (event.kind) {
    case 'run-started': {
      const total = event.variants.length;
      const skipped = total - event.toRun;
      return pc.dim(`procform test: ${total} variant${total === 1 ? '' : 's'}${skipped ? ` (${skipped} skipped)` : ''}, ${event.jobs} at a time`);
    }
    case 'variant-started':
      return undefined;
    case 'machine-up':
      return pc.dim(`  ${event.variant.padEnd(width)}  machine ${event.machineId} up (host PID ${event.pid})  ${formatSeconds(elapsedMs)}`);
    case 'phase':
      return pc.dim(`  ${event.variant.padEnd(width)}  ${describeStep(event.phase, event.instance)}  ${formatSeconds(elapsedMs)}`);
    case 'variant-ended':
      return formatResultLine(event.result, width);
    case 'interrupting':
      return pc.yellow('interrupted: stopping the running variants and removing their machines (Ctrl-C again to quit at once)');
    case 'run-ended':
      return undefined;
  }
}

/** ✓ passed in 2.8 s; ✗ failed in tests of nginx2 after 3.1 s: the first line of the message. */
export function formatResultLine(result: VariantResult, width = 0): string {
  const name = result.variant.id.padEnd(width);
  switch (result.status) {
    case 'passed':
      return `${mark.passed} ${name}  passed in ${formatSeconds(result.durationMs)}`;
    case 'failed':
      return `${mark.failed} ${name}  ${pc.red(`failed in ${describeFailurePoint(result.at)}`)} after ${formatSeconds(result.durationMs)}: ${result.message.split('\n')[0]}`;
    case 'skipped':
      return `${mark.skipped} ${name}  skipped: ${result.reason}`;
    case 'interrupted':
      return `${mark.interrupted} ${name}  interrupted in ${describeFailurePoint(result.at)}`;
  }
}

/** What the summary table's columns add up. */
export const SUMMARY_COLUMNS: readonly { title: string; phases: readonly Phase[] }[] = [
  { title: 'up', phases: ['evaluate', 'machine'] },
  { title: 'deploy', phases: ['setup', 'deploy'] },
  { title: 'ready', phases: ['initialTests', 'readiness'] },
  { title: 'tests', phases: ['tests', 'postTests'] },
  { title: 'teardown', phases: ['teardown'] },
];

/** Milliseconds a result spent in a column's phases, or undefined when none of them ran. */
export function columnTime(result: VariantResult, phases: readonly Phase[]): number | undefined {
  const times = phases.map((phase) => result.timings[phase]).filter((time) => time !== undefined);
  return times.length === 0 ? undefined : times.reduce((sum, time) => sum + time, 0);
}

/** The table printed at the end: one row per variant with its result and phase times, then the counts. */
export function formatSummary(results: readonly VariantResult[], durationMs: number): string {
  const header = ['VARIANT', 'RESULT', ...SUMMARY_COLUMNS.map((column) => column.title.toUpperCase()), 'TOTAL'];
  const rows = results.map((result) => [
    result.variant.id,
    result.status,
    ...SUMMARY_COLUMNS.map((column) => {
      const time = columnTime(result, column.phases);
      return time === undefined ? '-' : formatSeconds(time);
    }),
    Object.keys(result.timings).length === 0 ? '-' : formatSeconds(result.durationMs),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const paint: Record<VariantResult['status'], (text: string) => string> = { passed: pc.green, failed: pc.red, skipped: pc.yellow, interrupted: pc.yellow };
  const line = (cells: string[], status?: VariantResult['status']) =>
    cells
      .map((cell, column) => {
        const padded = column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!);
        return column === 1 && status ? paint[status](padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const count = (status: VariantResult['status']) => results.filter((result) => result.status === status).length;
  const counts = [`${count('passed')} passed`, `${count('failed')} failed`, `${count('skipped')} skipped`, ...(count('interrupted') ? [`${count('interrupted')} interrupted`] : [])];
  return [pc.dim(line(header)), ...rows.map((row, index) => line(row, results[index]!.status)), '', `${results.length} variant${results.length === 1 ? '' : 's'}: ${counts.join(', ')} in ${formatSeconds(durationMs)}`].join('\n');
}

/** The report of a failed variant: where, why, and the logs read from its machine before it went. */
export function formatFailure(result: VariantResult & { status: 'failed' }): string {
  const where = `${describeFailurePoint(result.at)}${result.location ? ` (${result.location})` : ''}`;
  const sections = [pc.red(pc.bold(`━━ ${result.variant.id} failed in ${where}${result.machineId ? ` on machine ${result.machineId}` : ''}`)), result.message];
  const logs = result.logs;
  const section = (title: string, text: string) => sections.push(`${pc.dim(`── ${title}`)}\n${text.trimEnd()}`);
  if (logs?.deploy !== undefined) section('procform switch', logs.deploy || '(no output)');
  if (logs?.status) section('procform status', formatStatusTable(logs.status, result.variant.processManager));
  if (logs?.manager) section(`${result.variant.processManager}'s own log`, logs.manager);
  // The instance the failure is about first.
  const instances = Object.keys(logs?.instances ?? {}).sort((a, b) => Number(b === result.at.instance) - Number(a === result.at.instance));
  for (const instance of instances) section(`log of ${instance}`, logs!.instances[instance]!);
  if (logs && instances.length === 0) sections.push(pc.dim('(no instance has written a log)'));
  return `${sections.join('\n')}\n`;
}
