// `procform build -P cygrunsrv --explain`: what the generated install arguments make cygrunsrv and
// Windows' service manager do. Nothing here runs: cygrunsrv is Cygwin's (docs/backends/cygrunsrv.md).
import { describeReadiness } from '../../readiness/describe.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { CygrunsrvParams } from './lower.ts';

export function explainCygrunsrv(params: CygrunsrvParams, { spec, params: given }: LowerInput): Capability[] {
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });
  const launch = params.path.endsWith(`-${spec.name}-launch`) ? 'the launch script' : null;

  if (spec.foreground !== null) add('mode', 'native', 'foreground process, run by cygrunsrv as a Windows service');
  else add('mode', 'emulated', `only a daemon: the launch script's foreground proxy starts it, follows ${spec.pidFile} and forwards signals`);
  add('ordering', 'native', params.dependencies.length === 0 ? 'no --dep' : `--dep ${params.dependencies.join(' ')}: Windows starts them first and stops this first`);
  add('readiness', 'dropped', spec.readiness === null ? 'no check' : `Windows starts dependents once this service runs, without waiting for ${describeReadiness(spec.readiness)}`);
  if (spec.restart.policy === 'no') add('restart', 'native', 'policy no: nothing restarts it');
  else add('restart', 'dropped', `policy ${spec.restart.policy}: cygrunsrv does not restart a service that ends (Windows recovery actions are not set)`);
  if (spec.restart.policy !== 'no') add('backoff', 'dropped', 'nothing restarts it');
  add('stop', 'native', `--termsig ${params.terminateSignal.replace(/^SIG/, '')}; the model's stop timeout is dropped (cygrunsrv waits for the service)`);
  if (spec.declaredUser !== null) add('user', 'dropped', `cygrunsrv runs services as the account they are installed for (--user needs a Windows password): not ${spec.declaredUser}`);
  const credentials = given.credentials ?? {};
  if (Object.keys(credentials.users ?? {}).length + Object.keys(credentials.groups ?? {}).length > 0) {
    add('credentials', 'dropped', 'Cygwin takes its users from Windows: procform creates none');
  }
  const emulated = (feature: Capability['feature'], detail: string) => add(feature, launch === null ? 'dropped' : 'emulated', `${detail}, by ${launch ?? 'nothing (overridden)'}`);
  if (spec.initialize.trim() !== '') emulated('initialize', 'runs before the process');
  if (Object.keys(spec.environment).length > 0 || spec.path.length > 0) add('environment', 'native', '--env NAME=value (PATH included)');
  if (spec.directory !== null) emulated('directory', `cd ${spec.directory}`);
  if (spec.umask !== null) emulated('umask', `umask ${spec.umask}`);
  if (spec.nice !== null) emulated('nice', `nice -n ${spec.nice}`);
  add('logs', params.stdout === null ? 'dropped' : 'native', params.stdout === null ? 'no --stdout' : `--stdout and --stderr: ${params.stdout}`);
  if (spec.log.timestamps) add('log timestamps', 'dropped', 'cygrunsrv writes output as it comes');
  if (spec.log.rotate !== null) add('log rotation', 'dropped', 'cygrunsrv does not rotate');
  return capabilities;
}
