import type { LivenessSpec, ProbeSpec } from '../model/types.ts';
import { duration } from '../runtime/backoff.ts';

/** A readiness or liveness check in a few words, for messages: "tcp 127.0.0.1:8080", "log line /listening/". */
export function describeReadiness(spec: ProbeSpec): string {
  switch (spec.kind) {
    case 'tcp':
      return `tcp ${spec.host}:${spec.port}`;
    case 'http':
      return `http ${spec.url}${spec.status === null ? '' : ` (status ${spec.status})`}`;
    case 'exec':
      return `exec ${spec.command.join(' ')}`;
    case 'log':
      return `log line /${spec.pattern}/`;
    case 'file':
      return `file ${spec.path}`;
  }
}

/** A liveness check in a few words, for --explain: "http http://…/health every 10 s (5 s each), restarted after 3 failures in a row". */
export function describeLiveness(spec: LivenessSpec): string {
  const after = spec.afterMs > 0 ? `, from ${duration(spec.afterMs)} after it is ready` : '';
  return `${describeReadiness(spec)} every ${duration(spec.periodMs)} (${duration(spec.timeoutMs)} each${after}), restarted after ${spec.failures} failure${spec.failures === 1 ? '' : 's'} in a row`;
}
