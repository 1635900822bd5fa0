// What procform-daemonize does for an instance, in the words `--explain` uses: a backend that runs a
// foreground program through it (sysvinit) takes its explanations from here, so that what --explain
// claims and what the daemonizer does come from one place.
import type { LogSpec, RestartSpec } from '../../model/types.ts';
import { describeBackoff, duration, MIN_UPTIME_MS } from '../backoff.ts';
import { describeLogRotation, LOG_TIMESTAMPS } from '../log-writer.ts';

const by = 'by procform-daemonize';

export const daemonizerExplains = {
  mode: (pidFile: string, processAlone: boolean) =>
    `foreground process${processAlone ? ' (a `process` without daemon arguments is taken to stay in the foreground)' : ''}, daemonized ${by} (upstream: libslack daemon): \`start\` returns once it ran ${duration(MIN_UPTIME_MS)}; PID file ${pidFile}`,
  restart: (policy: RestartSpec['policy']) => `policy ${policy}, ${by}`,
  backoff: (backoff: RestartSpec['backoff']) => `${describeBackoff(backoff)}, ${by}`,
  user: (user: string) => `procform-daemonize starts it through setpriv --init-groups as ${user}`,
  logs: (logFile: string) => `stdout and stderr → ${logFile}, ${by}`,
  timestamps: () => `${LOG_TIMESTAMPS}, ${by}`,
  rotation: (rotate: NonNullable<LogSpec['rotate']>) => `${describeLogRotation(rotate)}, ${by}`,
};
