import { describeLiveness, describeReadiness } from '../../readiness/describe.ts';
import type { InstanceConfig } from './supervisor/instance-config.ts';
import type { Capability } from '../types.ts';
import { describeBackoff, duration, MIN_UPTIME_MS } from '../../runtime/backoff.ts';
import { describeLogRotation, LOG_TIMESTAMPS } from '../../runtime/log-writer.ts';

/**
 * The builtin supervisor implements every portable feature itself, with the shared runtime's parts
 * (backoff, log writer): all native, described by those parts.
 */
export function explainInstanceConfig(config: InstanceConfig): Capability[] {
  const native = (feature: Capability['feature'], detail: string): Capability => ({ feature, support: 'native', detail });
  const { backoff } = config.restart;
  const optional = (condition: unknown, capability: () => Capability): Capability[] => (condition ? [capability()] : []);
  return [
    native('mode', config.mode === 'foreground' ? 'foreground, in its own process group' : `daemon, tracked through its PID file ${config.pidFile}`),
    native('ordering', 'starts once its dependencies are ready; stops before them'),
    native('readiness', config.readiness ? describeReadiness(config.readiness) : `ready once it ran ${duration(MIN_UPTIME_MS)}`),
    ...optional(config.liveness, () =>
      native('liveness', `${describeLiveness(config.liveness!)} through its stop signal${config.restart.policy === 'no' ? "; restart policy 'no': stopped and failed instead" : ''}`),
    ),
    native('restart', config.restart.policy),
    native('backoff', describeBackoff(backoff)),
    native('stop', `${config.stop.signal} to the process group, SIGKILL after ${config.stop.timeoutMs} ms`),
    ...optional(config.user, () => native('user', `${config.user}, with its supplementary groups (setpriv --init-groups)`)),
    ...optional(config.initialize, () => native('initialize', "sh -e, before every start, as the supervisor's user")),
    native('environment', "exactly the model's variables, PATH included"),
    ...optional(config.directory, () => native('directory', config.directory!)),
    ...optional(config.umask, () => native('umask', config.umask!)),
    ...optional(config.nice !== null, () => native('nice', String(config.nice))),
    native('logs', `${config.log.file} (stdout and stderr)`),
    ...optional(config.log.timestamps, () => native('log timestamps', LOG_TIMESTAMPS)),
    ...optional(config.log.rotate, () => native('log rotation', describeLogRotation(config.log.rotate!))),
  ];
}
