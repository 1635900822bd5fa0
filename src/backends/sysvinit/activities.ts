// The `case "$1" in …` of an init script, as upstream builds it: start, stop and reload
// instructions generated from the process (each wrapped in a progress message), the user's
// `instructions` merged over them, default activities (restart, status, force-reload, usage), the
// user's `activities` over those, minus `removeActivities`.
import { InstanceError } from '../../errors.ts';
import { shellCommand, shellQuote } from '../../shell/quote.ts';
import { daemonizeCommand } from '../../runtime/daemonizer/command.ts';
import type { BuildTarget } from '../../target/build-target.ts';
import type { Instruction, SysvinitParams } from './params.ts';

const indent = '        ';
/** Signals procform-daemonize cannot catch, and so cannot forward. */
const uncatchable = new Set(['SIGKILL', 'SIGSTOP']);

/** Activity name → the body of its case branch, in upstream's order: start, stop, reload, restart, status, the rest by name, `*`. */
export function scriptActivities(params: SysvinitParams, statusFile: string, instance: string, target: BuildTarget): [string, string][] {
  const instructions: Record<string, Instruction> = { ...generatedInstructions(params, statusFile, target) };
  for (const [name, override] of Object.entries(params.instructions)) {
    const merged = { ...instructions[name], ...override };
    if (typeof merged.activity !== 'string' || typeof merged.instruction !== 'string') {
      throw new InstanceError({
        instance,
        field: `pkg.overrides.sysvinit.instructions.${name}`,
        message: 'needs both `activity` (such as "Starting") and `instruction` (shell commands)',
      });
    }
    instructions[name] = merged as Instruction;
  }
  const activities: Record<string, string> = {};
  for (const [name, { activity, instruction }] of Object.entries(instructions)) {
    activities[name] = [`${indent}log_info_msg ${shellQuote(`${activity} ${params.description}...`)}`, instruction, `${indent}evaluate_retval`].join('\n');
  }
  Object.assign(activities, {
    restart: `${indent}"$0" stop && "$0" start`,
    status: `${indent}statusproc -p ${shellQuote(params.pidFile)} ${shellQuote(params.name)}`,
    // LSB: reload if the service supports it, else restart; whether it handles the signal is unknown.
    'force-reload': `${indent}"$0" restart`,
    ...params.activities,
  });
  for (const name of params.removeActivities) delete activities[name];
  delete activities['*'];
  const names = Object.keys(activities);
  for (const name of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      throw new InstanceError({ instance, field: 'pkg.overrides.sysvinit.activities', message: `"${name}" is not an activity name (letters, digits, _ . -)` });
    }
  }
  const first = ['start', 'stop', 'reload', 'restart', 'status'].filter((name) => name in activities);
  const rest = names.filter((name) => !first.includes(name)).sort();
  const ordered = [...first, ...rest];
  const usage = params.activities['*'] ?? `${indent}echo "Usage: $0 {${ordered.join('|')}}" >&2\n${indent}exit 3`;
  return [...ordered.map((name): [string, string] => [name, activities[name]!]), ...(params.removeActivities.includes('*') ? [] : [['*', usage] as [string, string]])];
}

function generatedInstructions(params: SysvinitParams, statusFile: string, target: BuildTarget): Record<string, Instruction> {
  const pidFile = shellQuote(params.pidFile);
  const logFile = params.enableDaemonOutputLogging ? params.logFile : '/dev/null';
  const options = [
    ['-p', params.pidFile],
    ['-l', logFile],
    ...(params.user !== null && params.processIsDaemon ? [['-u', params.user]] : []),
    ...(params.nice === null ? [] : [['-n', String(params.nice)]]),
    ...(params.directory === null ? [] : [['-d', params.directory]]),
    ...(params.initialize.trim() === '' ? [] : [['-i', 'initialize']]),
  ];
  const program = params.processIsDaemon ? [params.process, ...params.args] : daemonizeCommand(target.procformRuntime(), params, statusFile);
  const start = [`start_daemon ${options.map((option) => shellCommand(option)).join(' ')}`, shellCommand(program)];
  if (params.readiness !== null) {
    const logOptions = params.readiness.kind === 'log' ? [`-l ${shellQuote(logFile)}`, ...(params.log.timestamps && !params.processIsDaemon ? ['-T'] : [])] : [];
    const waitOptions = [`-p ${pidFile}`, ...logOptions];
    start.push(`&& wait_ready ${[...waitOptions, shellQuote(JSON.stringify(params.readiness))].join(' ')}`);
  }
  const signal = params.stop.signal.replace(/^SIG/, '');
  const forwards = !params.processIsDaemon && !uncatchable.has(params.stop.signal);
  return {
    start: { activity: 'Starting', instruction: `${indent}${start.join(` \\\n${indent}    `)}` },
    stop: { activity: 'Stopping', instruction: `${indent}killproc -p ${pidFile} -s ${signal} -t ${params.stop.timeoutMs}${forwards ? ' -f' : ''}` },
    reload: { activity: 'Reloading', instruction: `${indent}reloadproc -p ${pidFile} -s ${params.reloadSignal.replace(/^SIG/, '')}` },
  };
}
