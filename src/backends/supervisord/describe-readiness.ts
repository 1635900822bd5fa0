import type { ReadinessSpec } from '../../model/types.ts';

/** A readiness check in words, for explanations and errors. */
export function describeReadiness(spec: ReadinessSpec): string {
  switch (spec.kind) {
    case 'tcp':
      return `TCP ${spec.host}:${spec.port}`;
    case 'http':
      return `GET ${spec.url}${spec.status === null ? '' : ` answering ${spec.status}`}`;
    case 'exec':
      return `\`${spec.command.join(' ')}\` to succeed`;
    case 'log':
      return `an output line matching /${spec.pattern}/`;
    case 'file':
      return `${spec.path} to exist`;
  }
}
