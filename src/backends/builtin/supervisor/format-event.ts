import type { SupervisorEvent } from './events.ts';

/** One line per event, prefixed with the time: the supervisor's log format. */
export function formatEvent(event: SupervisorEvent, now = new Date()): string {
  return `${now.toISOString()} ${describe(event)}`;
}

function describe(event: SupervisorEvent): string {
  switch (event.kind) {
    case 'listening':
      return `supervisor ${event.pid} listening on ${event.socket}`;
    case 'leftovers':
      return `${event.instance}: stopping processes left by a previous supervisor: ${event.pids.join(', ')}`;
    case 'apply':
      return `apply ${event.profile}: stop ${event.stop}, start ${event.start}, keep ${event.keep}`;
    case 'spawned':
      return `${event.instance}: started, PID ${event.pid}`;
    case 'daemon-found':
      return `${event.instance}: daemon PID ${event.pid} (from ${event.pidFile})`;
    case 'ready':
      return `${event.instance}: ready after ${event.afterMs} ms`;
    case 'exited':
      return `${event.instance}: PID ${event.pid} ${event.explanation} after ${event.runMs} ms`;
    case 'unhealthy':
      return `${event.instance}: PID ${event.pid}: ${describeUnhealthy(event)}`;
    case 'backoff':
      return `${event.instance}: restart ${event.restart} in ${event.delayMs} ms`;
    case 'failed':
      return `${event.instance}: failed: ${event.reason}`;
    case 'stopping':
      return `${event.instance}: sending ${event.signal} to process group${event.pgids.length > 1 ? 's' : ''} ${event.pgids.join(', ')}`;
    case 'escalated':
      return `${event.instance}: still running after ${event.afterMs} ms, sending SIGKILL to ${event.pgids.join(', ')}`;
    case 'stopped':
      return `${event.instance}: stopped`;
    case 'guardian':
      return `guardian ${event.pid} watches the supervisor`;
    case 'shutdown':
      return `shutting down: ${event.why}`;
    case 'error':
      return `error: ${event.message}`;
  }
}

/** A failed liveness check in words, for the supervisor's log and the instance's own. */
export function describeUnhealthy(event: Extract<SupervisorEvent, { kind: 'unhealthy' }>): string {
  return `liveness check failed ${event.failures} times: ${event.reason}; ${event.restarting ? 'restarting' : "stopping it (restart policy is 'no')"}`;
}
