// A process → a service unit, as upstream's generator: sections → keys, so that
// `overrides: { systemd: { Service: { Restart: 'always' } } }` merges into exactly what is rendered.
// Values are unit-file syntax already (escaped here), except Environment=, an object of raw
// values that render-unit.ts escapes, so that an override can add or replace single variables.
import { InstanceError } from '../../errors.ts';
import type { ProcessSpec } from '../../model/types.ts';
import { searchPath } from '../../process/search-path.ts';
import type { LowerInput } from '../types.ts';
import { escapeSpecifiers, execCommand } from './escape.ts';
import { readinessCommands } from './readiness.ts';
import { bootTarget, managerScope } from './scope.ts';
import { timeSpan } from './time-span.ts';
import { checkUnitName, unitName } from './unit-name.ts';
import { unitPath } from './unit-path.ts';

/** One value: a line, repeated lines (arrays), or NAME=value lines (objects); null drops the key. */
export type UnitValue = string | number | boolean | null | readonly (string | number)[] | Readonly<Record<string, string>>;
export type UnitSection = Record<string, UnitValue>;
/** Section name → key → value. */
export type UnitParams = Record<string, UnitSection>;

export function lowerUnit({ spec, ctx }: LowerInput): UnitParams {
  checkUnitName(spec);
  checkNoNul(spec);
  const logFile = `${ctx.logDir}/${spec.name}.log`;
  // Foreground preferred (upstream's choice for systemd): systemd supervises the program itself.
  const command = spec.foreground ?? spec.daemon!;
  const daemon = spec.foreground === null;
  // "+": initialize and the readiness helpers run as root while the program runs as its user.
  const privileged = spec.user === null ? '' : '+';
  const readiness = readinessCommands(spec, logFile, ctx.runtimeDir, ctx.target);
  const prepare = [
    ...(spec.initialize.trim() === '' ? [] : [execCommand([prestartScript(ctx, spec.name, spec.initialize)], privileged)]),
    ...readiness.prepare.map((argv) => execCommand(argv, privileged)),
  ];
  const dependencies = spec.dependencies.map(unitName).join(' ');
  const account = spec.user === null ? undefined : spec.credentials.users[spec.user];
  const extraGroups = Array.isArray(account?.extraGroups) ? (account.extraGroups as string[]) : [];
  const environment = { ...spec.environment };
  // Environment= does not expand $PATH: `path` goes before systemd's default for services (the same
  // folders as DEFAULT_PATH). An explicit PATH wins, as documented.
  if (spec.path.length > 0 && environment.PATH === undefined) environment.PATH = searchPath(spec.path, undefined);
  const { policy, backoff } = spec.restart;

  return {
    Unit: {
      Description: escapeSpecifiers(spec.description.replace(/[\r\n]+/g, ' ')),
      ...(dependencies !== '' && { Wants: dependencies, After: dependencies }),
      // maxRestarts restarts within resetAfter fail the unit: that is maxRestarts + 1 starts.
      ...(policy !== 'no' && { StartLimitIntervalSec: timeSpan(backoff.resetAfterMs), StartLimitBurst: backoff.maxRestarts + 1 }),
    },
    Service: {
      Type: daemon ? 'forking' : 'exec',
      ...(daemon && { PIDFile: unitPath(spec, 'pidFile', spec.pidFile) }),
      ExecStart: execCommand([command.executable, ...command.args]),
      ...(prepare.length > 0 && { ExecStartPre: prepare }),
      ...(readiness.wait !== null && { ExecStartPost: execCommand(readiness.wait, privileged) }),
      ...(readiness.startTimeoutMs !== null && { TimeoutStartSec: timeSpan(readiness.startTimeoutMs) }),
      ...(Object.keys(environment).length > 0 && { Environment: environment }),
      ...(spec.user !== null && { User: spec.user }),
      ...(typeof account?.group === 'string' && { Group: account.group }),
      ...(extraGroups.length > 0 && { SupplementaryGroups: extraGroups.join(' ') }),
      ...(spec.directory !== null && { WorkingDirectory: unitPath(spec, 'directory', spec.directory) }),
      ...(spec.umask !== null && { UMask: spec.umask }),
      ...(spec.nice !== null && { Nice: spec.nice }),
      Restart: policy,
      ...(policy !== 'no' && { RestartSec: timeSpan(backoff.initialMs) }),
      // The whole cgroup, so that nothing the program started outlives it.
      KillMode: 'control-group',
      KillSignal: spec.stop.signal,
      // 0 would mean "wait forever" to systemd, where the model means "SIGKILL at once".
      TimeoutStopSec: timeSpan(Math.max(1, spec.stop.timeoutMs)),
      // Files, not the journal: a user manager or a container may have no journald, and
      // `procform logs` reads them the same way for every process manager.
      StandardOutput: `append:${unitPath(spec, 'log', logFile)}`,
      StandardError: `append:${unitPath(spec, 'log', logFile)}`,
    },
    // The driver links each unit into the .wants folder of these targets (what `systemctl enable`
    // does), so that it starts with the manager: at boot, or at login (or lingering) for a user.
    Install: { WantedBy: bootTarget(managerScope(ctx.forceDisableUserChange)) },
  };
}

/** A NUL ends a C string: no process can receive one in an argument or a variable, and systemd refuses the unit. */
function checkNoNul(spec: ProcessSpec): void {
  const command = spec.foreground ?? spec.daemon;
  const field = spec.foreground ? 'foregroundProcessArgs' : 'daemonArgs';
  const problems: [string, string][] = [
    ...(command?.args ?? []).map((arg, index): [string, string] => [`pkg.${field}.${index}`, arg]),
    ...Object.entries(spec.environment).map(([name, value]): [string, string] => [`pkg.environment.${name}`, value]),
  ];
  const bad = problems.find(([, value]) => value.includes('\0'));
  if (bad) throw new InstanceError({ instance: spec.instance, field: bad[0], message: 'contains a NUL character, which no process can receive' });
}

/** upstream's generate-prestart-script: initialize in a script of its own, stopped by its first failing command. */
function prestartScript(ctx: LowerInput['ctx'], name: string, initialize: string): string {
  return ctx.writeScript(`${name}-prestart`, `#!/bin/sh -e\n${initialize.endsWith('\n') ? initialize : `${initialize}\n`}`);
}
