import { constants as osConstants } from 'node:os';

/** What ends a command run from a terminal: Ctrl-C, kill, a dropped SSH session. */
const interruptSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Calls `interrupted` on the first SIGINT, SIGTERM or SIGHUP, and keeps catching all three until the
 * returned function is called: a second signal while the first is handled (Ctrl-C pressed twice, or
 * a child that signals its whole process group) would otherwise end the process by Node's default
 * action, halfway through its clean-up.
 */
export function onInterrupt(interrupted: (signal: NodeJS.Signals) => void): () => void {
  let seen = false;
  const handler = (signal: NodeJS.Signals) => {
    if (seen) return;
    seen = true;
    interrupted(signal);
  };
  for (const signal of interruptSignals) process.on(signal, handler);
  return () => {
    for (const signal of interruptSignals) process.off(signal, handler);
  };
}

/** The exit code of a process ended by `signal`, as a shell reports it (SIGTERM: 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + osConstants.signals[signal];
}
