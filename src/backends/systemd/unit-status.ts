// What systemd says about units, as procform's InstanceStatus.
import { constants } from 'node:os';
import type { InstanceState } from '../../deploy/types.ts';
import type { Systemctl } from './systemctl.ts';

export const STATUS_PROPERTIES = [
  'Id',
  'LoadState',
  'ActiveState',
  'SubState',
  'MainPID',
  'NRestarts',
  'ExecMainStartTimestampMonotonic',
  'Result',
  'ExecMainCode',
  'ExecMainStatus',
  'Restart',
  'StartLimitBurst',
] as const;

export type UnitProperties = Partial<Record<(typeof STATUS_PROPERTIES)[number], string>>;

/** `systemctl show` of several units at once: one block of Key=value lines per unit, in order. */
export async function showUnits(systemctl: Systemctl, units: readonly string[]): Promise<UnitProperties[]> {
  if (units.length === 0) return [];
  const output = await systemctl.run(['show', `--property=${STATUS_PROPERTIES.join(',')}`, '--', ...units]);
  const blocks = output.split(/\n\n/).filter((block) => block.trim() !== '');
  return units.map((_unit, index) => parseBlock(blocks[index] ?? ''));
}

function parseBlock(block: string): UnitProperties {
  const properties: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) properties[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return properties;
}

/** Running units, and those systemd is about to (re)start on its own, need no start from us. */
export function isUpOrComingUp(properties: UnitProperties): boolean {
  return ['active', 'activating', 'reloading'].includes(properties.ActiveState ?? '');
}

export function instanceState(properties: UnitProperties): InstanceState {
  if (properties.LoadState !== 'loaded') return properties.LoadState === 'not-found' ? 'stopped' : 'unknown';
  switch (properties.ActiveState) {
    case 'active':
    case 'reloading':
      return 'running';
    case 'activating':
      return properties.SubState === 'auto-restart' ? 'backoff' : 'starting';
    case 'deactivating':
    case 'inactive':
      return 'stopped';
    case 'failed':
      return 'failed';
    default:
      return 'unknown';
  }
}

/** When the current run started (ms since the epoch), from systemd's monotonic timestamp. */
export function startedAt(properties: UnitProperties, nowMs = Date.now(), monotonicNowUs = Number(process.hrtime.bigint() / 1000n)): number | null {
  const startUs = Number(properties.ExecMainStartTimestampMonotonic ?? 0);
  if (!(startUs > 0) || (properties.MainPID ?? '0') === '0') return null;
  return Math.round(nowMs - (monotonicNowUs - startUs) / 1000);
}

// systemd's own exit codes for a program it could not even set up (systemd.exec(5), "Process exit codes").
const setupFailures: Record<number, string> = {
  200: 'CHDIR: the working directory is missing or not reachable',
  203: 'EXEC: the program is missing, not executable, or not reachable by its user',
  209: 'STDOUT: the log file cannot be opened',
  216: 'GROUP: the group does not exist',
  217: 'USER: the user does not exist',
  222: 'STDERR: the log file cannot be opened',
};

const signalNames = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/** Why a unit failed, in words: systemd's result and how the program ended. */
export function failureReason(properties: UnitProperties): string {
  const result = properties.Result ?? 'unknown';
  const code = Number(properties.ExecMainStatus ?? 0);
  // ExecMainCode is a CLD_* code: 1 exited, 2 killed, 3 dumped core.
  if (properties.ExecMainCode === '1' && setupFailures[code]) return `systemd could not start the program: ${code}/${setupFailures[code]}`;
  const ended =
    properties.ExecMainCode === '1'
      ? `the program exited ${code}`
      : properties.ExecMainCode === '2' || properties.ExecMainCode === '3'
        ? `the program was killed by ${signalNames.get(code) ?? `signal ${code}`}`
        : undefined;
  const results: Record<string, string> = {
    'exit-code': 'it exited with an error',
    signal: 'it was killed by a signal',
    'core-dump': 'it dumped core',
    timeout: 'it timed out (starting, becoming ready, or stopping)',
    'start-limit-hit': 'it was started too often (StartLimitBurst=)',
    protocol: 'it broke the start protocol (no PID file, or it exited too early)',
    resources: 'systemd could not set it up (a missing folder, user or file?)',
    'oom-kill': 'it ran out of memory',
    watchdog: 'its watchdog expired',
  };
  // Hitting the start limit while restarting keeps the result of the crash before it, so tell it from the count.
  const restarts = Number(properties.NRestarts ?? 0);
  const burst = Number(properties.StartLimitBurst ?? 0);
  const tooOften = properties.Restart !== 'no' && burst > 0 && restarts >= burst - 1;
  const why = tooOften ? `it was restarted too often (${restarts} restarts; StartLimitBurst=${burst})` : (results[result] ?? `result: ${result}`);
  return [why, ended].filter(Boolean).join('; ');
}
