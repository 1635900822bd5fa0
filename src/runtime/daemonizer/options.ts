import { parseArgs } from 'node:util';
import type { LogSpec, RestartSpec } from '../../model/types.ts';
import { defaultRestart } from '../../model/normalize.ts';

export interface DaemonizeOptions {
  name: string;
  pidFile: string;
  statusFile: string;
  /** Where the program's stdout and stderr go; null: nowhere. */
  logFile: string | null;
  log: LogSpec;
  /** Run the program as this user (with its supplementary groups); procform-daemonize stays root. */
  user: string | null;
  restart: RestartSpec;
  /** The signal `stop` sends: it ends supervision and is forwarded to the process group. */
  stopSignal: NodeJS.Signals;
  program: string;
  args: string[];
}

export class DaemonizeUsageError extends Error {}

/**
 *   procform-daemonize --name NAME --pid-file FILE --status-file FILE [--log-file FILE --log JSON]
 *     [--user USER] [--restart JSON] [--stop-signal SIGNAL] -- PROGRAM [ARG…]
 * JSON values are procform's normalized LogSpec and RestartSpec.
 */
export function parseDaemonizeOptions(argv: string[]): DaemonizeOptions {
  const separator = argv.indexOf('--');
  if (separator === -1 || separator === argv.length - 1) throw new DaemonizeUsageError('give the program after --');
  const { values } = parseArgs({
    args: argv.slice(0, separator),
    options: {
      name: { type: 'string' },
      'pid-file': { type: 'string' },
      'status-file': { type: 'string' },
      'log-file': { type: 'string' },
      log: { type: 'string' },
      user: { type: 'string' },
      restart: { type: 'string' },
      'stop-signal': { type: 'string' },
    },
    strict: true,
  });
  const required = (key: 'name' | 'pid-file' | 'status-file'): string => {
    const value = values[key];
    if (value === undefined || value === '') throw new DaemonizeUsageError(`--${key} is required`);
    return value;
  };
  return {
    name: required('name'),
    pidFile: required('pid-file'),
    statusFile: required('status-file'),
    logFile: values['log-file'] ?? null,
    log: values.log === undefined ? { timestamps: false, rotate: null } : (JSON.parse(values.log) as LogSpec),
    user: values.user ?? null,
    restart: values.restart === undefined ? defaultRestart : (JSON.parse(values.restart) as RestartSpec),
    stopSignal: (values['stop-signal'] ?? 'SIGTERM') as NodeJS.Signals,
    program: argv[separator + 1]!,
    args: argv.slice(separator + 2),
  };
}
