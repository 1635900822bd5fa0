import { constants } from 'node:os';

// Signals people meet, in words; others are named only.
const signalMeanings: Record<string, string> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'arithmetic error',
  SIGKILL: 'killed',
  SIGSEGV: 'segmentation fault',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'file size limit exceeded',
  SIGSYS: 'bad system call',
};

const signalNames = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/**
 * An exit in words, the way a person debugging it wants to read it: "exited 127: command not
 * found", "killed by SIGSEGV (segmentation fault)". Shells report a child killed by signal N as
 * 128+N, so those codes are explained as the signal.
 */
export function explainExit(code: number | null, signal: string | null): string {
  if (signal) return `killed by ${describeSignal(signal)}`;
  if (code === null) return 'ended';
  if (code === 0) return 'exited 0 (success)';
  if (code === 126) return 'exited 126: not executable (permission denied, or not a program)';
  if (code === 127) return 'exited 127: command not found';
  if (code === 2) return 'exited 2 (often: wrong usage or arguments)';
  const name = code > 128 ? signalNames.get(code - 128) : undefined;
  if (name) return `exited ${code}: its program was killed by ${describeSignal(name)}`;
  return `exited ${code}`;
}

export function describeSignal(name: string): string {
  const meaning = signalMeanings[name];
  return meaning ? `${name} (${meaning})` : name;
}
