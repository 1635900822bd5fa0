// The control protocol between the driver and the supervisor: one request per connection, as one
// JSON line; the supervisor answers with JSON lines: events while it works, then one final line.
// On an apply's connection, the client may send one more line, `{"op":"cancel"}`: the apply then
// stops waiting and starts nothing more, and answers (a supervisor older than that ignores it).
import type { DeployEvent, InstanceStatus } from '../../../deploy/types.ts';

/** Bumped when a request or answer changes shape, so a driver notices an old supervisor. */
export const PROTOCOL_VERSION = 2;

export type Request =
  | { op: 'ping' }
  | { op: 'status' }
  | {
      op: 'apply';
      /** The new profile's store path: the supervisor reads its manifest and the instances' configs. */
      profile: string;
      stop: string[];
      start: string[];
      keep: string[];
      /** Stopped and started even if they run the new configuration already (protocol 2). */
      restart?: string[];
      /** How many instances may be starting (spawned, not yet ready) at once. */
      maxConcurrentStarts: number;
    }
  | { op: 'shutdown' }
  | { op: 'cancel' };

export type Answer =
  | { kind: 'event'; event: DeployEvent }
  | { kind: 'pong'; version: number; pid: number }
  | { kind: 'status'; instances: InstanceStatus[] }
  | { kind: 'done' }
  | { kind: 'error'; message: string; instance?: string; hint?: string };
