// `procform build -P docker --explain`: what docker does itself (native), what the container's
// command or procform's switch adds (emulated), what nobody does (dropped). Read from the final
// parameters, so that createParameters overrides show.
import { describeReadiness } from '../../readiness/describe.ts';
import { duration } from '../../runtime/daemonizer/explain.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { DockerParams } from './params.ts';

export function explainDocker(params: DockerParams, { spec, params: given, ctx }: LowerInput): Capability[] {
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });
  const overridden = (option: string) => Object.hasOwn(params.createParameters, option);

  if (spec.foreground === null) add('mode', 'emulated', `only a daemon: the container's command starts it behind the foreground proxy, which follows ${spec.pidFile} and forwards signals`);
  else add('mode', 'native', 'foreground: the container runs it under docker-init (--init), which reaps orphans and passes signals on');
  if (params.dependencies.length === 0) add('ordering', 'native', 'no dependencies');
  else add('ordering', 'emulated', `procform's switch starts its container once ${params.dependencies.join(', ')} ${params.dependencies.length === 1 ? 'is' : 'are'} ready and stops it first`);
  if (params.readiness === null) add('readiness', 'native', 'ready once docker started the container');
  else add('readiness', 'emulated', `procform's switch waits for the ${describeReadiness(params.readiness)} check (on the host network) before it starts dependents`);
  const restart = overridden('restart') ? String(params.createParameters.restart) : params.restart;
  add('restart', 'native', `docker's --restart ${restart}`);
  if (restart !== 'no') add('backoff', 'native', "docker's own schedule: 100 ms, doubling up to 1 min, reset after 10 s of running; the model's backoff values are not used");
  add('stop', 'native', `docker stop: ${params.stopSignal} to the program (through docker-init), SIGKILL to the container after ${duration(params.stopTimeoutSeconds * 1000)}`);
  if (spec.declaredUser !== null) {
    if (params.user === null) add('user', 'dropped', `user change disabled: runs as the deploying user (docker create --user when that is not root), not ${spec.declaredUser}`);
    else add('user', 'emulated', `the container's command drops to ${params.user} with setpriv --init-groups (its account copied from the host into the image)`);
  }
  const credentials = given.credentials ?? {};
  if (Object.keys(credentials.users ?? {}).length + Object.keys(credentials.groups ?? {}).length > 0) {
    if (ctx.forceDisableUserChange) add('credentials', 'dropped', 'user change disabled: no accounts are created');
    else add('credentials', 'emulated', "procform's switch creates the accounts on the host; the image gets their passwd and group lines");
  }
  if (spec.initialize.trim() !== '') add('initialize', 'emulated', "the container's command runs it before the program, as root (sh -e)");
  if (Object.keys(spec.environment).length > 0 || spec.path.length > 0) add('environment', 'native', 'docker create --env');
  if (spec.directory !== null) add('directory', 'emulated', `the container's command enters ${spec.directory}`);
  if (spec.umask !== null) add('umask', 'emulated', `umask ${spec.umask} in the container's command`);
  if (spec.nice !== null) add('nice', 'emulated', `the container's command runs it with nice -n ${spec.nice}`);
  add('logs', 'native', "docker's json-file log: `procform logs` reads `docker logs`");
  if (spec.log.timestamps) add('log timestamps', 'native', 'docker records when each line was written (docker logs --timestamps)');
  if (spec.log.rotate !== null) {
    if (params.logRotation === null) add('log rotation', 'dropped', 'the log options were overridden: docker keeps every line');
    else add('log rotation', 'native', `docker's json-file log: max-size ${params.logRotation.maxBytes}, ${params.logRotation.files} files`);
  }
  return capabilities;
}
