// What the supervisor writes to its own log: one discriminated union, rendered by one formatter
// (format-event.ts), so every line has the same shape and tests can read it.
export type SupervisorEvent =
  | { kind: 'listening'; socket: string; pid: number }
  | { kind: 'leftovers'; instance: string; pids: number[] }
  | { kind: 'apply'; profile: string; stop: number; start: number; keep: number }
  | { kind: 'spawned'; instance: string; pid: number }
  | { kind: 'daemon-found'; instance: string; pid: number; pidFile: string }
  | { kind: 'ready'; instance: string; afterMs: number }
  | { kind: 'exited'; instance: string; pid: number; explanation: string; runMs: number }
  | { kind: 'unhealthy'; instance: string; pid: number; failures: number; reason: string; restarting: boolean }
  | { kind: 'backoff'; instance: string; delayMs: number; restart: number }
  | { kind: 'failed'; instance: string; reason: string }
  | { kind: 'stopping'; instance: string; signal: string; pgids: number[] }
  | { kind: 'escalated'; instance: string; pgids: number[]; afterMs: number }
  | { kind: 'stopped'; instance: string }
  | { kind: 'guardian'; pid: number }
  | { kind: 'shutdown'; why: string }
  | { kind: 'error'; message: string };

export type EventLog = (event: SupervisorEvent) => void;
