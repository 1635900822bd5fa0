// Before a switch starts instances, the TCP ports they claim must be free on this machine: a busy
// port would otherwise show up only as a failed start, after the switch has already stopped
// things. Ports held by the instances the switch stops first are not conflicts: they are freed.
import type { ManifestInstance } from '../build/manifest.ts';
import { ProcformError } from '../errors.ts';
import type { Listener, PortHolder } from './listening-ports.ts';
import { listeningTcpPorts } from './listening-ports.ts';

export interface PortConflict {
  instance: string;
  port: number;
  /** Who listens on it, where /proc tells (root sees every process; a user only their own). */
  holders: PortHolder[];
}

/** Ports in use on this machine that instances about to start claim. */
export function findPortConflicts(
  { start, stop }: { start: readonly ManifestInstance[]; stop: readonly ManifestInstance[] },
  listeners?: Map<number, Listener[]>,
): PortConflict[] {
  const claimed = new Set(start.flatMap((instance) => instance.spec.ports));
  // Nothing to check: /proc is not read at all (a scan of every process's sockets is not free).
  if (claimed.size === 0) return [];
  listeners ??= listeningTcpPorts('/proc', claimed);
  const freedByStop = new Set(stop.flatMap((instance) => instance.spec.ports));
  const conflicts: PortConflict[] = [];
  for (const instance of start) {
    for (const port of new Set(instance.spec.ports)) {
      const busy = listeners.get(port);
      if (busy === undefined || freedByStop.has(port)) continue;
      conflicts.push({ instance: instance.instance, port, holders: busy.flatMap((listener) => listener.holders) });
    }
  }
  return conflicts;
}

/** A switch would start instances on ports that other processes hold. */
export class PortsInUseError extends ProcformError {
  readonly conflicts: readonly PortConflict[];

  constructor(conflicts: readonly PortConflict[]) {
    const lines = conflicts.map(({ instance, port, holders }) => `instance "${instance}" claims TCP port ${port}, which ${describeHolders(holders)}`);
    super(lines.length === 1 ? lines[0]! : `${lines.length} ports are in use:\n${lines.join('\n')}`, {
      hint: 'Stop the process holding the port, or give the instance another port (change the pool in idresources and run procform ids assign).',
    });
    this.conflicts = conflicts;
  }
}

/** Throws PortsInUseError, before anything is stopped, when an instance about to start would find its port taken. */
export function checkPortsAvailable(instances: { start: readonly ManifestInstance[]; stop: readonly ManifestInstance[] }): void {
  const conflicts = findPortConflicts(instances);
  if (conflicts.length > 0) throw new PortsInUseError(conflicts);
}

function describeHolders(holders: PortHolder[]): string {
  if (holders.length === 0) return 'another process is listening on (not visible to this user)';
  const unique = [...new Map(holders.map((holder) => [holder.pid, holder])).values()];
  return `${unique.map(({ command, pid }) => `${command} (pid ${pid})`).join(', ')} ${unique.length === 1 ? 'is' : 'are'} listening on`;
}
