import pc from 'picocolors';
import type { DeployEvent, SwitchPlan } from './types.ts';

/** One line per deployment event; the only place that decides how progress looks. */
export function formatEvent(event: DeployEvent): string {
  switch (event.kind) {
    case 'info':
      return pc.dim(event.message);
    case 'failed':
      return `${pc.red('failed')}   ${event.instance}: ${event.reason}`;
    case 'ready':
    case 'started':
    case 'stopped':
      return `${pc.green(event.kind.padEnd(8))} ${event.instance}`;
    case 'starting':
    case 'stopping':
      return `${pc.cyan(event.kind.padEnd(8))} ${event.instance}`;
  }
}

/** A plan as --dry-run prints it: what stops, what starts, what stays. */
export function formatPlan(plan: SwitchPlan): string {
  const lines = [
    ...plan.stop.map((entry) => `${pc.red('stop ')}  ${entry.instance}  ${pc.dim(entry.storePath)}`),
    ...plan.start.map((entry) => `${pc.green('start')}  ${entry.instance}  ${pc.dim(entry.storePath)}`),
    ...plan.keep.map((entry) => `${pc.dim('keep ')}  ${entry.instance}`),
  ];
  return lines.length === 0 ? 'nothing to deploy' : lines.join('\n');
}
