import { describeReadiness } from '../../readiness/describe.ts';
import type { InstanceConfig } from '../../supervisor/instance-config.ts';
import type { Capability } from '../types.ts';

/** The builtin supervisor implements every portable feature itself: all native, with what it does. */
export function explainInstanceConfig(config: InstanceConfig): Capability[] {
  const native = (feature: string, detail: string): Capability => ({ feature, support: 'native', detail });
  const { backoff } = config.restart;
  return [
    config.mode === 'foreground'
      ? native('process', 'runs in the foreground, in its own process group')
      : native('daemon', `forks; tracked through its PID file ${config.pidFile}`),
    native('environment', 'exactly the model\'s variables, PATH included'),
    ...(config.directory ? [native('directory', config.directory)] : []),
    ...(config.umask ? [native('umask', config.umask)] : []),
    ...(config.nice !== null ? [native('nice', String(config.nice))] : []),
    ...(config.user ? [native('user', `${config.user}, with its supplementary groups (setpriv --init-groups)`)] : []),
    ...(config.initialize ? [native('initialize', 'sh -e, before every start, as the supervisor\'s user')] : []),
    native('dependencies', 'started once their dependencies are ready, stopped before them'),
    native('readiness', config.readiness ? describeReadiness(config.readiness) : 'ready once started'),
    native(
      'restart',
      config.restart.policy === 'no'
        ? 'never restarted'
        : `${config.restart.policy}, backoff ${backoff.initialMs} ms × ${backoff.multiplier} up to ${backoff.maxMs} ms, failed after ${backoff.maxRestarts} restarts`,
    ),
    native('stop', `${config.stop.signal} to the process group, SIGKILL after ${config.stop.timeoutMs} ms`),
    native(
      'log',
      `${config.log.file}${config.log.timestamps ? ', timestamped' : ''}${config.log.rotate ? `, rotated at ${config.log.rotate.maxBytes} bytes keeping ${config.log.rotate.keep}` : ', not rotated'}`,
    ),
  ];
}
