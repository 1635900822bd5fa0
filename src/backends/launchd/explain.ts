// `procform build -P launchd --explain`: what the generated plist makes launchd do. Nothing here
// runs: launchd exists on macOS only (docs/backends/launchd.md).
import { describeReadiness } from '../../readiness/describe.ts';
import { duration } from '../../runtime/daemonizer/explain.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { LaunchdParams } from './lower.ts';

export function explainLaunchd(params: LaunchdParams, { spec, params: given }: LowerInput): Capability[] {
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });
  const argv = (params.ProgramArguments ?? []) as string[];
  const wrapped = argv[0] === '/bin/sh' && argv[1] === '-c';

  if (spec.foreground !== null) add('mode', 'native', 'foreground process, supervised by launchd');
  else add('mode', 'emulated', `only a daemon: ProgramArguments run the foreground proxy, which starts it, follows ${spec.pidFile} and forwards signals`);
  add(
    'ordering',
    'dropped',
    spec.dependencies.length === 0 ? 'no dependencies (launchd has no notion of them)' : `launchd has no notion of dependencies: it may start this before ${spec.dependencies.join(', ')}`,
  );
  add('readiness', 'dropped', spec.readiness === null ? 'no check' : `launchd does not wait for ${describeReadiness(spec.readiness)}`);

  const keepAlive = params.KeepAlive;
  const restarts = keepAlive === true || (typeof keepAlive === 'object' && keepAlive !== null);
  if (spec.restart.policy === 'no') add('restart', restarts ? 'dropped' : 'native', restarts ? 'policy no, but KeepAlive is set by an override' : 'KeepAlive false: launchd does not restart it');
  else if (keepAlive === true) add('restart', 'native', `policy ${spec.restart.policy}: KeepAlive true (launchd restarts it whenever it exits)`);
  else if (restarts) add('restart', 'native', `policy ${spec.restart.policy}: KeepAlive { SuccessfulExit false, Crashed true }`);
  else add('restart', 'dropped', `policy ${spec.restart.policy}, but KeepAlive is false`);
  if (spec.restart.policy !== 'no') {
    add('backoff', 'dropped', `launchd waits a fixed ThrottleInterval (${String(params.ThrottleInterval ?? 10)} s) between starts; no exponential growth, no limit`);
  }
  const signal = spec.stop.signal;
  add(
    'stop',
    signal === 'SIGTERM' ? 'native' : 'dropped',
    `${signal === 'SIGTERM' ? '' : `launchd always sends SIGTERM, not ${signal}; `}SIGKILL after ExitTimeOut ${String(params.ExitTimeOut)} s (model: ${duration(spec.stop.timeoutMs)})`,
  );
  if (spec.declaredUser !== null) {
    if (spec.user === null) add('user', 'dropped', `user change disabled: runs as the user who loads it, not ${spec.declaredUser}`);
    else add('user', 'native', `UserName ${spec.user} (launchd sets its groups: InitGroups)`);
  }
  const credentials = given.credentials ?? {};
  if (Object.keys(credentials.users ?? {}).length + Object.keys(credentials.groups ?? {}).length > 0) {
    add('credentials', 'dropped', 'accounts are not created on macOS: create them with dscl or System Settings');
  }
  if (spec.initialize.trim() !== '') add('initialize', wrapped ? 'emulated' : 'dropped', 'launchd has no pre-start hook: ProgramArguments run it with /bin/sh -c before exec\'ing the program');
  if (Object.keys(spec.environment).length > 0 || spec.path.length > 0) add('environment', 'native', 'EnvironmentVariables (PATH included)');
  if (spec.directory !== null) add('directory', 'native', `WorkingDirectory ${spec.directory}`);
  if (spec.umask !== null) add('umask', 'native', `Umask ${String(params.Umask)} (${spec.umask} in octal)`);
  if (spec.nice !== null) add('nice', 'native', `Nice ${spec.nice}`);
  add('logs', 'native', `StandardOutPath and StandardErrorPath: ${String(params.StandardOutPath)}`);
  if (spec.log.timestamps) add('log timestamps', 'dropped', 'launchd writes output as it comes');
  if (spec.log.rotate !== null) add('log rotation', 'dropped', 'launchd does not rotate: configure newsyslog for the file');
  return capabilities;
}
