// `procform build -P disnix --explain`: nothing supervises; procform's switch orders, waits and
// stops, the process wrapper sets the process up, procform-daemonize runs foreground processes.
import { daemonizedLogCapabilities, daemonizedRunCapabilities, duration } from '../../runtime/daemonizer/explain.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { DisnixParams } from './params.ts';

export function explainDisnix(params: DisnixParams, { spec, params: given, ctx }: LowerInput): Capability[] {
  const daemon = params.processIsDaemon;
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });

  const [mode, ...restart] = daemonizedRunCapabilities(params, 'disnix', 'the process wrapper execs');
  capabilities.push(mode!);
  add(
    'ordering',
    'emulated',
    params.dependencies.length === 0
      ? 'no dependencies: procform\'s switch starts it beside the others'
      : `procform's switch starts it after ${params.dependencies.join(', ')} (Disnix: activatesAfter) and stops it before them`,
  );
  if (params.readiness === null) add('readiness', 'native', 'no check: ready once the wrapper returned and the PID file names a running process');
  else add('readiness', 'emulated', `procform's switch waits for the ${params.readiness.kind} check before it starts dependents`);
  capabilities.push(...restart);
  add(
    'stop',
    'emulated',
    `procform's switch sends ${params.stop.signal} to the process group the PID file names${daemon ? '' : ' (procform-daemonize passes it on)'}, SIGKILL after ${duration(params.stop.timeoutMs)}`,
  );
  if (spec.declaredUser !== null) {
    if (params.user === null) add('user', 'dropped', `user change disabled: runs as the deploying user, not ${spec.declaredUser}`);
    else if (daemon) add('user', 'emulated', `the wrapper execs it through setpriv --init-groups as ${params.user}`);
    else add('user', 'emulated', `procform-daemonize starts it through setpriv --init-groups as ${params.user}`);
  }
  const credentials = given.credentials ?? {};
  if (Object.keys(credentials.users ?? {}).length + Object.keys(credentials.groups ?? {}).length > 0) {
    if (ctx.forceDisableUserChange) add('credentials', 'dropped', 'user change disabled: no accounts are created');
    else add('credentials', 'emulated', 'procform\'s switch creates the accounts before it starts processes, and removes them when no instance needs them');
  }
  if (params.initialize.trim() !== '') {
    add('initialize', 'native', `the wrapper runs it before the process, as ${params.user === null ? 'the caller' : 'root, before privileges are dropped'} (sh -e)`);
  }
  if (Object.keys(params.environment).length > 0 || params.path.length > 0) add('environment', 'native', 'exported by the wrapper');
  if (params.directory !== null) add('directory', 'native', `the wrapper enters ${params.directory}`);
  if (params.umask !== null) add('umask', 'native', `umask ${params.umask} in the wrapper`);
  if (params.nice !== null) add('nice', 'native', `the wrapper runs it with nice -n ${params.nice}`);
  capabilities.push(...daemonizedLogCapabilities(params));
  return capabilities;
}
