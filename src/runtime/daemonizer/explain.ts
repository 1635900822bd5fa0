// `--explain` for backends without a supervising manager (sysvinit, disnix): what a daemon does
// itself, and what procform-daemonize does for a foreground process, so both say it the same way.
import type { Capability } from '../../backends/types.ts';
import type { LogSpec, RestartSpec } from '../../model/types.ts';
import { describeBackoff, duration, MIN_UPTIME_MS } from '../backoff.ts';
import { describeLogRotation, LOG_TIMESTAMPS } from '../log-writer.ts';

export interface DaemonizedExplainParams {
  processIsDaemon: boolean;
  process: string;
  pidFile: string;
  restart: RestartSpec;
  enableDaemonOutputLogging: boolean;
  logFile: string;
  log: LogSpec;
}

/** mode, restart and backoff: `starter` names what starts a daemon ("start-stop-daemon runs"). */
export function daemonizedRunCapabilities(params: DaemonizedExplainParams, manager: string, starter: string): Capability[] {
  const daemon = params.processIsDaemon;
  const capabilities: Capability[] = [
    {
      feature: 'mode',
      support: daemon ? 'native' : 'emulated',
      detail: daemon
        ? `daemon: ${starter} ${params.process}, which detaches and writes ${params.pidFile}`
        : `foreground process, daemonized by procform-daemonize (upstream: libslack daemon): \`start\` returns once it ran ${duration(MIN_UPTIME_MS)}; PID file ${params.pidFile}`,
    },
  ];
  const { policy, backoff } = params.restart;
  if (policy === 'no') capabilities.push({ feature: 'restart', support: 'native', detail: 'policy no: nothing restarts it' });
  else if (daemon) capabilities.push({ feature: 'restart', support: 'dropped', detail: `policy ${policy}: ${manager} does not supervise; a daemon that dies stays down until the next start or switch` });
  else capabilities.push({ feature: 'restart', support: 'emulated', detail: `policy ${policy}, by procform-daemonize` });
  if (policy !== 'no') {
    const detail = describeBackoff(backoff);
    capabilities.push({ feature: 'backoff', support: daemon ? 'dropped' : 'emulated', detail: daemon ? 'nothing restarts a daemon' : `${detail}, by procform-daemonize` });
  }
  return capabilities;
}

/** logs, log timestamps and log rotation. */
export function daemonizedLogCapabilities(params: DaemonizedExplainParams): Capability[] {
  const daemon = params.processIsDaemon;
  const capabilities: Capability[] = [];
  if (!params.enableDaemonOutputLogging) capabilities.push({ feature: 'logs', support: 'dropped', detail: 'enableDaemonOutputLogging is off: output goes to /dev/null' });
  else if (daemon) capabilities.push({ feature: 'logs', support: 'native', detail: `what the daemon prints before it detaches → ${params.logFile}; after that, its own logs` });
  else capabilities.push({ feature: 'logs', support: 'emulated', detail: `stdout and stderr → ${params.logFile}, by procform-daemonize` });
  if (params.log.timestamps) {
    capabilities.push({
      feature: 'log timestamps',
      support: daemon ? 'dropped' : 'emulated',
      detail: daemon ? 'a daemon\'s output is not captured line by line' : `${LOG_TIMESTAMPS}, by procform-daemonize`,
    });
  }
  if (params.log.rotate !== null) {
    capabilities.push({
      feature: 'log rotation',
      support: daemon ? 'dropped' : 'emulated',
      detail: daemon ? 'the file only holds what the daemon prints before it detaches' : `${describeLogRotation(params.log.rotate)}, by procform-daemonize`,
    });
  }
  return capabilities;
}

/** A duration as people write it (kept here for the backends that import it from this module). */
export { duration };
