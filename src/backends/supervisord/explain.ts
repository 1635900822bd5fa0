// `procform build -P supervisord --explain`: per portable feature, whether supervisord does it
// (native), a generated wrapper or procform's switch does it (emulated), or nobody does (dropped).
// Options are read from the program as overrides left it, so the report describes what will run.
import { describeReadiness } from '../../readiness/describe.ts';
import type { Capability } from '../types.ts';
import type { LowerInput } from '../types.ts';
import { planLaunch } from '../../runtime/launch-plan.ts';
import type { SupervisordProgram } from './lower.ts';
import { supervisordAbilities } from './abilities.ts';

export function explainProgram(program: SupervisordProgram, input: LowerInput): Capability[] {
  const { spec } = input;
  const plan = planLaunch(input, supervisordAbilities);
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });
  const option = (name: string) => program[name];

  add(
    'mode',
    plan.mode === 'foreground' ? 'native' : 'emulated',
    (plan.mode === 'foreground'
      ? 'runs in the foreground, as supervisord needs'
      : `only a daemon: the wrapper's foreground proxy starts it, follows ${spec.pidFile}, forwards signals and lives as long as it does`) +
      (plan.argvInWrapper ? '; its arguments hold a line break, so the wrapper sets them' : ''),
  );

  const dependencies = spec.dependencies;
  if (dependencies.length === 0) add('ordering', 'native', `no dependencies (priority=${String(option('priority'))})`);
  else {
    const unchecked = dependencies.filter((name) => !plan.waitFor.some((wait) => wait.dependency === name));
    add(
      'ordering',
      'emulated',
      `priority=${String(option('priority'))} orders supervisord's own starts; procform switch starts it once ${dependencies.join(', ')} ${dependencies.length === 1 ? 'is' : 'are'} ready and stops it first` +
        (plan.waitFor.length > 0 ? `; when supervisord starts it (on its own start, or a restart) the wrapper waits for ${plan.waitFor.map((wait) => wait.dependency).join(', ')}` : '') +
        (unchecked.length > 0 ? `; ${unchecked.join(', ')} ${unchecked.length === 1 ? 'has' : 'have'} no readiness check, so only priority orders it then` : ''),
    );
  }

  if (spec.readiness === null) add('readiness', 'native', `ready once supervisord reports it RUNNING (after startsecs=${String(option('startsecs'))})`);
  else {
    add(
      'readiness',
      'emulated',
      `supervisord has no probes: procform switch waits for ${describeReadiness(spec.readiness)}, and dependents' wrappers wait for it when supervisord starts them`,
    );
  }

  const autorestart = option('autorestart');
  add(
    'restart',
    'native',
    autorestart === false || autorestart === 'false'
      ? 'autorestart=false: never restarted'
      : autorestart === true || autorestart === 'true'
        ? 'autorestart=true: restarted whenever it exits'
        : `autorestart=${String(autorestart)}: restarted when it exits with a code not in exitcodes (${String(option('exitcodes') ?? 0)}) or by a signal`,
  );
  if (spec.restart.policy !== 'no') {
    const { backoff } = spec.restart;
    // supervisord's own retry delays apply only to starts that fail within startsecs, and are not
    // the model's: a program that crashes later is restarted at once.
    add(
      'backoff',
      'dropped',
      `supervisord's own: a start that fails within startsecs=${String(option('startsecs'))} s is retried after 1 s, 2 s, 3 s … (linear; initial ${backoff.initialMs} ms, ` +
        `multiplier ${backoff.multiplier} and max ${backoff.maxMs} ms are not applied), FATAL after startretries=${String(option('startretries'))}; ` +
        `a run of startsecs resets the count${program.startsecs === Math.ceil(backoff.resetAfterMs / 1000) ? '' : ` (resetAfter ${backoff.resetAfterMs} ms is not applied: set it explicitly to use it as startsecs)`}; ` +
        'a program that exits after startsecs is restarted at once, without a limit',
    );
  }

  const signal = String(option('stopsignal'));
  const wait = String(option('stopwaitsecs'));
  const rounded = spec.stop.timeoutMs % 1000 === 0 ? '' : ` (the timeout ${spec.stop.timeoutMs} ms rounded up to whole seconds)`;
  const stopDetail =
    plan.mode === 'daemon'
      ? `the proxy forwards SIG${signal} to the daemon and kills its process group after ${spec.stop.timeoutMs} ms; supervisord's SIGKILL follows after stopwaitsecs=${wait}`
      : plan.timestamps
        ? `SIG${signal} to the process group; the timestamping wrapper passes it on to the program's own group and kills that group after ${spec.stop.timeoutMs} ms; supervisord's SIGKILL follows after stopwaitsecs=${wait}`
        : `SIG${signal} to the process group (stopasgroup=${String(option('stopasgroup'))}), SIGKILL to the group after stopwaitsecs=${wait}${rounded} (killasgroup=${String(option('killasgroup'))})`;
  add('stop', plan.mode === 'daemon' || plan.timestamps ? 'emulated' : 'native', stopDetail);

  if (spec.user !== null) {
    add(
      'user',
      plan.dropPrivilegesTo === null ? 'native' : 'emulated',
      plan.dropPrivilegesTo === null
        ? `user=${spec.user}`
        : `the wrapper runs ${spec.initialize === '' ? 'nice' : 'initialize'} as root, then switches to ${spec.user} with its groups (setpriv --init-groups)`,
    );
  }
  const accounts = [...Object.keys(spec.credentials.users), ...Object.keys(spec.credentials.groups)];
  if (accounts.length > 0) {
    add('credentials', 'emulated', `supervisord creates no accounts: procform's deployment creates ${[...new Set(accounts)].join(', ')} before programs start`);
  }
  if (spec.initialize !== '') add('initialize', 'emulated', `the wrapper runs it before every start${plan.dropPrivilegesTo === null ? '' : ', as root'}`);

  const exported = Object.keys(plan.exported);
  add(
    'environment',
    exported.length === 0 ? 'native' : 'emulated',
    `environment= (PATH included)${exported.length === 0 ? '' : `; the wrapper exports ${exported.join(', ')}, whose values environment= cannot carry`}`,
  );
  if (spec.directory !== null) add('directory', 'native', `directory=${spec.directory}`);
  if (spec.umask !== null) add('umask', 'native', `umask=${spec.umask}`);
  if (spec.nice !== null) add('nice', 'emulated', `supervisord has no nice=: the wrapper runs it with nice -n ${spec.nice}`);

  add('logs', 'native', `stdout and stderr (redirect_stderr) to ${String(option('stdout_logfile'))}`);
  if (spec.log.timestamps) {
    if (plan.timestamps) add('log timestamps', 'emulated', 'supervisord cannot add them: the wrapper runs the program through timestamp-lines, which prefixes each line with an ISO 8601 time');
    else add('log timestamps', 'dropped', 'a daemon\'s output does not pass through supervisord');
  }
  const maxBytes = Number(option('stdout_logfile_maxbytes'));
  add(
    'log rotation',
    'native',
    maxBytes === 0 ? 'off (stdout_logfile_maxbytes=0)' : `supervisord rotates at stdout_logfile_maxbytes=${maxBytes}, keeping stdout_logfile_backups=${String(option('stdout_logfile_backups'))}`,
  );
  return capabilities;
}
