// capture-infra (disnix-capture-infra): asks every machine of a bootstrap infrastructure model, over
// SSH and in parallel, what it is and which containers its procform deployments provide, and
// returns the full infrastructure model.
import { ProcformError } from '../errors.ts';
import { shellQuote } from '../shell/quote.ts';
import type { MachineInfo } from './machine-info.ts';
import type { RemoteResult } from './ssh.ts';
import { runOnMachine, sshFailure } from './ssh.ts';
import type { Machine, Machines } from './types.ts';

/** EX_UNAVAILABLE: a machine could not be reached or lacks what procform needs there. */
export const UNAVAILABLE_EXIT_CODE = 69;

/** Machines that could not be captured, one line each. */
export class MachinesUnavailableError extends ProcformError {
  readonly failures: readonly { machine: string; message: string }[];

  constructor(failures: readonly { machine: string; message: string }[], doing: string) {
    super(`${doing} failed on ${failures.length} machine${failures.length === 1 ? '' : 's'}:\n${failures.map(({ machine, message }) => `  ${machine}: ${message}`).join('\n')}`, {
      processExitCode: UNAVAILABLE_EXIT_CODE,
      hint: 'Check that each machine is up, that ssh with its host, user and key logs in (ssh -o BatchMode=yes HOST true), and that Node ≥ 20 and procform are installed there.',
    });
    this.failures = failures;
  }
}

/** Captures every machine; fails with one line per machine that could not be captured. */
export async function captureInfrastructure(bootstrap: Machines): Promise<Machines> {
  const results = await Promise.all(Object.entries(bootstrap).map(async ([name, machine]) => [name, await captureMachine(machine)] as const));
  const failures = results.filter(([, result]) => typeof result === 'string').map(([machine, message]) => ({ machine, message: message as string }));
  if (failures.length > 0) throw new MachinesUnavailableError(failures, 'capture-infra');
  return Object.fromEntries(results) as Machines;
}

/** The machine as the bootstrap gives it, completed with what it says about itself; or why it could not say. */
async function captureMachine(machine: Machine): Promise<Machine | string> {
  const result = await runOnMachine(machine, probeScript(machine), { timeoutMs: 60_000 });
  const failure = whyNoInfo(result, machine);
  if (failure !== undefined) return failure;
  let info: MachineInfo;
  try {
    info = JSON.parse(result.stdout) as MachineInfo;
  } catch {
    return `procform machine-info printed no JSON: ${result.stdout.slice(0, 200)}`;
  }
  const { processManagers } = info;
  const { hostname, system, procformVersion, nodeVersion } = info.description;
  const containers = Object.fromEntries(Object.entries(info.containers).map(([name, { type, properties }]) => [name, { type, properties }]));
  return { ...machine, hostname, system, procformVersion, nodeVersion, processManagers, containers };
}

/** The probe's exit status when Node is there but procform is not; it prints Node's path and the home folder. */
export const MISSING_PROCFORM = 4;

/** Checks Node and procform before running procform, so that each missing one has its own message. */
export function probeScript(machine: Machine): string {
  const procform = machine.procform ?? 'procform';
  return [
    'command -v node >/dev/null 2>&1 || exit 3',
    // Without procform, where Node and the home folder are: deploy copies its own procform there.
    `command -v ${shellQuote(procform)} >/dev/null 2>&1 || { printf '%s\\n%s\\n' "$(command -v node)" "$HOME"; exit 4; }`,
    `exec ${shellQuote(procform)} machine-info${machine.stateDir ? ` --state-dir ${shellQuote(machine.stateDir)}` : ''}`,
  ].join('\n');
}

/** Why a probe of the machine failed, in words; undefined when it succeeded. */
export function whyNoInfo(result: RemoteResult, machine: Machine): string | undefined {
  const ssh = sshFailure(result);
  if (ssh !== undefined) return ssh;
  if (result.code === 3) return 'Node.js is not installed (no `node` on the login PATH): install Node ≥ 20';
  if (result.code === MISSING_PROCFORM) return `procform is not installed (no \`${machine.procform ?? 'procform'}\` on the login PATH): npm install -g procform, or set the machine's \`procform\``;
  if (result.code !== 0) return `procform machine-info failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  return undefined;
}

/** The captured infrastructure as a TypeScript model. */
export function renderInfrastructure(machines: Machines): string {
  return `import { defineInfrastructure } from 'procform';\n\n// Captured by procform capture-infra.\nexport default defineInfrastructure(${JSON.stringify(machines, null, 2)});\n`;
}
