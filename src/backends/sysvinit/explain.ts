// `procform build -P sysvinit --explain`: how each portable feature of an instance maps to init
// scripts. sysvinit starts and stops; everything else is done by the script's init functions,
// by procform-daemonize for foreground-only processes, or not at all.
import type { Capability, LowerInput } from '../types.ts';
import type { SysvinitParams } from './params.ts';
import { formatSequence, killSequence } from './sequence.ts';
import { duration } from '../../runtime/backoff.ts';
import { daemonizerExplains } from '../../runtime/daemonizer/explain.ts';

export function explainSysvinit(params: SysvinitParams, { spec, params: given, ctx }: LowerInput): Capability[] {
  const daemon = params.processIsDaemon;
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });

  add(
    'mode',
    daemon ? 'native' : 'emulated',
    daemon
      ? `daemon: start-stop-daemon runs ${params.process}, which detaches and writes ${params.pidFile}`
      : daemonizerExplains.mode(params.pidFile, spec.daemon !== null),
  );
  add(
    'ordering',
    'native',
    params.dependencies.length === 0
      ? `S${formatSequence(params.sequence)}/K${formatSequence(killSequence(params.sequence))}: no dependencies`
      : `S${formatSequence(params.sequence)}/K${formatSequence(killSequence(params.sequence))}: starts after ${params.dependencies.join(', ')}, stops before them`,
  );
  if (params.readiness === null) add('readiness', 'native', 'no check: ready once `start` returns');
  else add('readiness', 'emulated', `\`start\` returns only once the ${params.readiness.kind} check passes (wait_ready), so later scripts start after it`);

  const { policy, backoff } = params.restart;
  if (policy === 'no') add('restart', 'native', 'policy no: nothing restarts it');
  else if (daemon) add('restart', 'dropped', `policy ${policy}: sysvinit does not supervise; a daemon that dies stays down until the next start or switch`);
  else add('restart', 'emulated', daemonizerExplains.restart(policy));
  if (policy !== 'no') add('backoff', daemon ? 'dropped' : 'emulated', daemon ? 'nothing restarts a daemon' : daemonizerExplains.backoff(backoff));
  add(
    'stop',
    'emulated',
    `killproc: ${params.stop.signal} to the process group, SIGKILL after ${duration(params.stop.timeoutMs)} (start-stop-daemon --retry semantics, for the whole group)`,
  );

  if (spec.declaredUser !== null) {
    if (params.user === null) add('user', 'dropped', `user change disabled: runs as the deploying user, not ${spec.declaredUser}`);
    else if (daemon) add('user', 'native', `start-stop-daemon --chuid ${params.user} (with its supplementary groups)`);
    else add('user', 'emulated', daemonizerExplains.user(params.user));
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

  if (!params.enableDaemonOutputLogging) add('logs', 'dropped', 'enableDaemonOutputLogging is off: output goes to /dev/null');
  else if (daemon) add('logs', 'native', `what the daemon prints before it detaches → ${params.logFile}; after that, its own logs`);
  else add('logs', 'emulated', daemonizerExplains.logs(params.logFile));
  if (params.log.timestamps) {
    add('log timestamps', daemon ? 'dropped' : 'emulated', daemon ? 'a daemon\'s output is not captured line by line' : daemonizerExplains.timestamps());
  }
  if (params.log.rotate !== null) {
    add(
      'log rotation',
      daemon ? 'dropped' : 'emulated',
      daemon ? 'the file only holds what the daemon prints before it detaches' : daemonizerExplains.rotation(params.log.rotate),
    );
  }
  return capabilities;
}
