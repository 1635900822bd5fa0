// `procform build -P openrc --explain`: what OpenRC (openrc-run, supervise-daemon,
// start-stop-daemon) does natively, what the script's hooks or procform-daemonize add, what is lost.
import { describeReadiness } from '../../readiness/describe.ts';
import { daemonizedLogCapabilities, daemonizedRunCapabilities, duration } from '../../runtime/daemonizer/explain.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { OpenrcParams } from './params.ts';
import { daemonizedLog, retrySchedule } from './render-script.ts';

export function explainOpenrc(params: OpenrcParams, { spec, params: given, ctx }: LowerInput): Capability[] {
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });
  const supervised = params.mode === 'supervise';
  const daemonized = { ...params, ...daemonizedLog(params), processIsDaemon: params.mode === 'daemon', process: params.command, pidFile: params.pidfile };
  const [mode, ...restart] = daemonizedRunCapabilities(daemonized, 'OpenRC', 'start-stop-daemon runs');

  if (supervised) add('mode', 'native', `foreground process under supervise-daemon (its PID file ${params.pidfile})`);
  else capabilities.push(mode!);
  add('ordering', 'native', params.need.length === 0 ? 'no dependencies' : `depend(): need ${params.need.join(' ')}; procform's switch stops dependents first`);
  if (params.readiness === null) add('readiness', 'native', 'no check: started once supervise-daemon or start-stop-daemon returned');
  else add('readiness', 'emulated', `start_post waits for ${describeReadiness(params.readiness)} (procform's wait-ready): OpenRC marks it started, and starts dependents, only then`);
  if (supervised) {
    add('restart', 'native', `policy ${params.restart.policy}: supervise-daemon respawns it${params.restart.policy === 'on-failure' ? ' (after any exit, a successful one too)' : ''}, at most ${params.respawn_max} times in ${params.respawn_period} s`);
    add('backoff', 'dropped', `supervise-daemon waits a fixed respawn_delay=${params.respawn_delay} s; no exponential growth`);
  } else {
    capabilities.push(...restart);
  }
  add('stop', 'native', `retry ${retrySchedule(params)} (the model's ${duration(params.stop.timeoutMs)}, in whole seconds${params.mode === 'daemonize' ? '; procform-daemonize passes the signal on and sends SIGKILL after it' : ''}); stop_post kills what is left of its process group`);
  if (spec.declaredUser !== null) {
    if (params.command_user === null) add('user', 'dropped', `user change disabled: runs as the deploying user, not ${spec.declaredUser}`);
    else if (params.mode === 'daemonize') add('user', 'emulated', `procform-daemonize starts it through setpriv --init-groups as ${params.command_user}`);
    else add('user', 'native', `command_user=${params.command_user}`);
  }
  const credentials = given.credentials ?? {};
  if (Object.keys(credentials.users ?? {}).length + Object.keys(credentials.groups ?? {}).length > 0) {
    if (ctx.forceDisableUserChange) add('credentials', 'dropped', 'user change disabled: no accounts are created');
    else add('credentials', 'emulated', 'procform\'s switch creates the accounts before it starts services, and removes them when no instance needs them');
  }
  if (params.initialize.trim() !== '') add('initialize', 'native', 'start_pre, as root (sh -e)');
  if (Object.keys(params.environment).length > 0 || params.path.length > 0) add('environment', 'native', 'exported by the script');
  if (params.directory !== null) add('directory', 'native', `directory=${params.directory}`);
  if (params.umask !== null) add('umask', 'native', `umask=${params.umask}`);
  if (params.nicelevel !== null) add('nice', 'native', `--nicelevel ${params.nicelevel}`);
  if (params.mode === 'daemonize') {
    capabilities.push(...daemonizedLogCapabilities(daemonized));
    if (params.log.rotate !== null) add('log rotation', 'dropped', 'OpenRC services do not rotate here, procform-daemonize\'s neither: use logrotate');
  } else if (params.mode === 'daemon') {
    add('logs', 'dropped', 'a daemon keeps its own logs: Debian\'s start-stop-daemon cannot redirect its output');
  } else {
    add('logs', 'native', `output_log and error_log: ${params.output_log}`);
    if (params.log.timestamps) add('log timestamps', 'dropped', `${supervised ? 'supervise-daemon' : 'start-stop-daemon'} writes output as it comes`);
    if (params.log.rotate !== null) add('log rotation', 'dropped', 'OpenRC does not rotate: use logrotate');
  }
  return capabilities;
}
