// `procform build -P sysvinit --explain`: how each portable feature of an instance maps to init
// scripts. sysvinit starts and stops; everything else is done by the script's init functions,
// by procform-daemonize for foreground-only processes, or not at all.
import { daemonizedLogCapabilities, daemonizedRunCapabilities, duration } from '../../runtime/daemonizer/explain.ts';
import type { Capability, LowerInput } from '../types.ts';
import type { SysvinitParams } from './params.ts';
import { formatSequence, killSequence } from './sequence.ts';

export function explainSysvinit(params: SysvinitParams, { spec, params: given, ctx }: LowerInput): Capability[] {
  const daemon = params.processIsDaemon;
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });

  const [mode, ...restart] = daemonizedRunCapabilities(params, 'sysvinit', 'start-stop-daemon runs');
  capabilities.push(mode!);
  add(
    'ordering',
    'native',
    params.dependencies.length === 0
      ? `S${formatSequence(params.sequence)}/K${formatSequence(killSequence(params.sequence))}: no dependencies`
      : `S${formatSequence(params.sequence)}/K${formatSequence(killSequence(params.sequence))}: starts after ${params.dependencies.join(', ')}, stops before them`,
  );
  if (params.readiness === null) add('readiness', 'native', 'no check: ready once `start` returns');
  else add('readiness', 'emulated', `\`start\` returns only once the ${params.readiness.kind} check passes (wait_ready), so later scripts start after it`);

  capabilities.push(...restart);
  add(
    'stop',
    'emulated',
    `killproc: ${params.stop.signal} to the process group, SIGKILL after ${duration(params.stop.timeoutMs)} (start-stop-daemon --retry semantics, for the whole group)`,
  );

  if (spec.declaredUser !== null) {
    if (params.user === null) add('user', 'dropped', `user change disabled: runs as the deploying user, not ${spec.declaredUser}`);
    else if (daemon) add('user', 'native', `start-stop-daemon --chuid ${params.user} (with its supplementary groups)`);
    else add('user', 'emulated', `procform-daemonize starts it through setpriv --init-groups as ${params.user}`);
  }
  const credentials = given.credentials ?? {};
  if (Object.keys(credentials.users ?? {}).length + Object.keys(credentials.groups ?? {}).length > 0) {
    if (ctx.forceDisableUserChange) add('credentials', 'dropped', 'user change disabled: no accounts are created');
    else add('credentials', 'emulated', 'procform\'s switch creates the accounts before it runs the scripts, and removes them when no instance needs them');
  }
  if (params.initialize.trim() !== '') {
    add('initialize', 'native', `runs in \`start\` before the process, as ${params.user === null ? 'the caller' : 'root, before privileges are dropped'} (subshell with set -e)`);
  }
  if (Object.keys(params.environment).length > 0 || params.path.length > 0) add('environment', 'native', 'exported by the script');
  if (params.directory !== null) add('directory', 'native', `start-stop-daemon --chdir ${params.directory}`);
  if (params.umask !== null) add('umask', 'native', `umask ${params.umask} in the script`);
  if (params.nice !== null) add('nice', 'native', `start-stop-daemon --nicelevel ${params.nice} (added to the caller's niceness)`);

  capabilities.push(...daemonizedLogCapabilities(params));
  return capabilities;
}
