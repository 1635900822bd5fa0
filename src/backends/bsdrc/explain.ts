// `procform build -P bsdrc --explain`: what the generated rc.d script makes FreeBSD's rc.subr and
// daemon(8) do. Nothing here runs: rc.subr exists on the BSDs only (docs/backends/bsdrc.md).
import { describeReadiness } from '../../readiness/describe.ts';
import { duration } from '../../runtime/daemonizer/explain.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { BsdrcParams } from './params.ts';

export function explainBsdrc(params: BsdrcParams, { spec, params: given }: LowerInput): Capability[] {
  const foreground = !params.commandIsDaemon;
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });

  add('mode', 'native', foreground ? `foreground process under daemon(8), which writes ${params.pidFile}` : `daemon: it detaches and writes ${params.pidFile}`);
  const requires = [...params.dependencies, ...params.requires];
  add('ordering', 'native', requires.length === 0 ? 'rcorder: no REQUIRE' : `rcorder: REQUIRE ${requires.join(' ')}; stopped in reverse order`);
  add('readiness', 'dropped', spec.readiness === null ? 'no check' : `rc.subr does not wait for ${describeReadiness(spec.readiness)}: the next script starts once this one's start returned`);
  const { policy } = params.restart;
  if (policy === 'no') add('restart', 'native', 'policy no: nothing restarts it');
  else if (foreground) add('restart', 'native', `policy ${policy}: daemon(8) -R restarts it after any exit${policy === 'on-failure' ? ' (also a successful one)' : ''}`);
  else add('restart', 'dropped', `policy ${policy}: rc.subr does not supervise a daemon`);
  if (policy !== 'no') {
    add('backoff', 'dropped', foreground ? `daemon(8) waits a fixed ${Math.max(1, Math.round(params.restart.backoff.initialMs / 1000))} s between restarts; no exponential growth, no limit` : 'nothing restarts a daemon');
  }
  add('stop', 'native', `rc.subr sends ${params.stopSignal}${foreground ? ' to daemon(8), which passes it on' : ''} and waits; it never sends SIGKILL (the model's ${duration(spec.stop.timeoutMs)} timeout is dropped)`);
  if (spec.declaredUser !== null) {
    if (params.user === null) add('user', 'dropped', `user change disabled: runs as the caller, not ${spec.declaredUser}`);
    else add('user', 'native', foreground ? `daemon(8) -u ${params.user}` : `${params.name}_user=${params.user} (rc.subr: su -m)`);
  }
  const credentials = given.credentials ?? {};
  if (Object.keys(credentials.users ?? {}).length + Object.keys(credentials.groups ?? {}).length > 0) {
    add('credentials', 'dropped', 'accounts are not created on FreeBSD: create them with pw useradd');
  }
  if (params.initialize.trim() !== '') add('initialize', 'native', `start_precmd=${params.name}_prestart, as root (sh -e)`);
  if (Object.keys(params.environment).length > 0 || params.path.length > 0) add('environment', 'native', 'exported by the script');
  if (params.directory !== null) add('directory', 'native', `${params.name}_chdir`);
  if (params.umask !== null) add('umask', 'native', `umask ${params.umask} in the script`);
  if (params.nice !== null) add('nice', 'native', `${params.name}_nice=${params.nice}`);
  if (!params.enableDaemonOutputLogging) add('logs', 'dropped', 'enableDaemonOutputLogging is off');
  else add('logs', foreground ? 'native' : 'dropped', foreground ? `daemon(8) -o ${params.logFile}` : 'a daemon\'s output is its own business: rc.subr does not capture it');
  if (spec.log.timestamps) add('log timestamps', 'dropped', 'daemon(8) -o writes output as it comes');
  if (spec.log.rotate !== null) add('log rotation', 'dropped', 'configure newsyslog for the file');
  return capabilities;
}
