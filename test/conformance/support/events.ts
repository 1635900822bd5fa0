// What the conformance service (fixtures/service.mjs) recorded, in the order it happened.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceEvent {
  event: 'start' | 'ready' | 'signal' | 'exit' | 'alive' | 'child' | 'initialize';
  name: string;
  pid: number;
  /** Milliseconds since the epoch, from the service's clock (the host's: a sandbox shares it). */
  t: number;
  /** The line's position in the file: the order of events across processes. */
  index: number;
  signal?: string;
  child?: number;
  pgid?: number;
  argv?: string[];
  env?: Record<string, string>;
  uid?: number;
  gid?: number;
  cwd?: string;
  umask?: string;
  nice?: number;
}

export function readEvents(eventsDir: string): ServiceEvent[] {
  const file = join(eventsDir, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line, index) => ({ ...(JSON.parse(line) as Omit<ServiceEvent, 'index'>), index }));
}

/** Events of one instance and kind, oldest first. */
export function eventsOf(events: readonly ServiceEvent[], name: string, kind: ServiceEvent['event']): ServiceEvent[] {
  return events.filter((event) => event.name === name && event.event === kind);
}

/** The instance's latest start, which must exist. */
export function lastStart(events: readonly ServiceEvent[], name: string): ServiceEvent {
  const starts = eventsOf(events, name, 'start');
  if (starts.length === 0) throw new Error(`${name} never started (no start event)`);
  return starts.at(-1)!;
}
