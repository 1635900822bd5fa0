import type { ProbeSpec } from '../model/types.ts';

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
