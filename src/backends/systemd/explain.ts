// `procform build -P systemd --explain`: how each portable feature of an instance becomes unit
// settings. Read from the final sections (overrides applied), so an override shows up here too.
import type { Capability, LowerInput } from '../types.ts';
import type { UnitParams } from './lower.ts';
import { timeSpan } from './time-span.ts';

export function explainUnit(params: UnitParams, { spec }: LowerInput): Capability[] {
  const service = params.Service ?? {};
  const unit = params.Unit ?? {};
  const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
  const capabilities: Capability[] = [];
  const add = (feature: Capability['feature'], support: Capability['support'], detail: string) => capabilities.push({ feature, support, detail });

  const type = text(service.Type);
  add(
    'mode',
    'native',
    type === 'forking' ? `daemon: Type=forking, main PID from PIDFile=${text(service.PIDFile) ?? '(guessed)'}` : `foreground: Type=${type ?? 'simple'}`,
  );
  add('ordering', 'native', spec.dependencies.length === 0 ? 'no dependencies' : `Wants= and After= ${text(unit.After) ?? text(unit.Wants) ?? ''}`.trim());
  add(
    'readiness',
    spec.readiness === null ? 'native' : 'emulated',
    spec.readiness === null
      ? `ready once started (Type=${type ?? 'simple'})`
      : `ExecStartPost= waits for the ${spec.readiness.kind} check, so the unit (and every unit After= it) counts as started only once ready`,
  );
  const policy = text(service.Restart) ?? 'no';
  const { backoff } = spec.restart;
  add(
    'restart',
    'native',
    policy === 'no'
      ? 'Restart=no'
      : `Restart=${policy}; StartLimitBurst=${text(unit.StartLimitBurst) ?? '5'} starts within StartLimitIntervalSec=${text(unit.StartLimitIntervalSec) ?? '10s'} fail the unit (systemd counts starts in a window, not restarts since the last long run)`,
  );
  if (policy !== 'no') {
    const constant = backoff.multiplier === 1 || backoff.initialMs >= backoff.maxMs;
    add(
      'backoff',
      constant ? 'native' : 'dropped',
      constant
        ? `RestartSec=${text(service.RestartSec) ?? '100ms'}`
        : `every restart waits RestartSec=${text(service.RestartSec) ?? '100ms'}; growing delays (×${backoff.multiplier} up to ${timeSpan(backoff.maxMs)}) need RestartSteps=/RestartMaxDelaySec=, systemd 254 or later`,
    );
  }
  add(
    'stop',
    'native',
    `KillSignal=${text(service.KillSignal) ?? 'SIGTERM'} to KillMode=${text(service.KillMode) ?? 'control-group'}, SIGKILL after TimeoutStopSec=${text(service.TimeoutStopSec) ?? '90s'}`,
  );
  if (service.User !== undefined && service.User !== null) add('user', 'native', `User=${text(service.User)}${service.Group ? ` Group=${text(service.Group)}` : ''}`);
  if (Object.keys(spec.credentials.users).length + Object.keys(spec.credentials.groups).length > 0) {
    add('credentials', 'native', 'procform creates the accounts before units start; Group= and SupplementaryGroups= follow the user\'s');
  }
  if (spec.initialize.trim() !== '') {
    add('initialize', 'native', `ExecStartPre=${service.User ? '+' : ''} runs a generated script before every start${service.User ? ', as root' : ''}`);
  }
  if (Object.keys(spec.environment).length > 0 || spec.path.length > 0) {
    add('environment', 'native', `EnvironmentFile=, a store file only the deploying user can read (systemd shows Environment= to everyone)${spec.path.length > 0 ? '; path is prepended to systemd\'s default PATH' : ''}`);
  }
  if (spec.directory !== null) add('directory', 'native', 'WorkingDirectory=');
  if (spec.umask !== null) add('umask', 'native', 'UMask=');
  if (spec.nice !== null) add('nice', 'native', 'Nice=');
  const output = text(service.StandardOutput) ?? 'journal';
  const toFile = /^(append|file|truncate):/.test(output);
  add('logs', 'native', `StandardOutput=${output}${toFile ? ' (stdout and stderr)' : ', read with journalctl'}`);
  if (spec.log.timestamps) {
    add('log timestamps', toFile ? 'dropped' : 'native', toFile ? 'the file holds the raw output; StandardOutput=journal (an override) gives journald\'s timestamps' : 'journald');
  }
  if (spec.log.rotate !== null) {
    add('log rotation', toFile ? 'dropped' : 'native', toFile ? 'the file grows; rotate it with logrotate (copytruncate), or use StandardOutput=journal (an override)' : 'journald');
  }
  return capabilities;
}
