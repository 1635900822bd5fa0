import { readFileSync } from 'node:fs';

/**
 * When a process started, in clock ticks since boot, or undefined when it is gone. A PID alone may
 * name a different process once the first one has ended; the PID with its start time cannot.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
