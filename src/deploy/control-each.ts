import type { ManifestInstance } from '../build/manifest.ts';
import type { EventSink } from './types.ts';

/**
 * A driver's `control` for process managers that stop and start one instance at a time: each in
 * turn, reported with the events a switch reports (stopping, stopped; starting, ready or started).
 * `start` is called only for an instance that does not run, as the driver tells.
 */
export async function controlEach(
  instances: readonly ManifestInstance[],
  action: 'start' | 'stop',
  events: EventSink,
  manager: { stop: (entry: ManifestInstance) => Promise<void>; start: (entry: ManifestInstance) => Promise<void> },
): Promise<void> {
  for (const entry of instances) {
    events({ kind: action === 'stop' ? 'stopping' : 'starting', instance: entry.instance });
    await (action === 'stop' ? manager.stop(entry) : manager.start(entry));
    events({ kind: action === 'stop' ? 'stopped' : entry.spec.readiness === null ? 'started' : 'ready', instance: entry.instance });
  }
}
