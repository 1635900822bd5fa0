// Phase two of a deploy: the planned deactivations and activations, each by its container type on
// its machine, in order. When one fails, every step done so far is undone in reverse order, so that
// every machine is back at its previous configuration.
import { ProcformError } from '../errors.ts';
import { faultPoint } from '../fault-point.ts';
import { runInOrder } from '../deploy/run-in-order.ts';
import { CONTAINER_MODULES } from './containers/index.ts';
import type { ActivationContext } from './containers/types.ts';
import type { NetworkRecord, ServiceRecord } from './network-record.ts';
import type { NetworkStep } from './plan-network.ts';
import { placeOf } from './plan-network.ts';
import { runOnMachine, sshFailure } from './ssh.ts';
import type { Machine } from './types.ts';

/** A step failed; `rolledBack` says whether undoing the steps before it succeeded. */
export class NetworkDeployError extends ProcformError {
  constructor(step: NetworkStep, reason: string, rollbackFailures: readonly string[]) {
    super(
      `${step.action === 'activate' ? 'activating' : 'deactivating'} ${step.service.key} on ${step.service.machine} failed: ${reason}\n${
        rollbackFailures.length === 0
          ? 'every machine was rolled back to its previous configuration'
          : `rolling back failed too, the network is in between:\n${rollbackFailures.map((line) => `  ${line}`).join('\n')}`
      }`,
      { hint: rollbackFailures.length === 0 ? 'Fix the cause and deploy again.' : 'Fix the cause and deploy again: the next deploy repairs what is in between.' },
    );
  }
}

/** Runs commands on the machines, failing with the command's last lines. */
export class RemoteCommandError extends ProcformError {}

export async function applyNetwork(
  steps: readonly NetworkStep[],
  current: NetworkRecord | null,
  next: NetworkRecord,
  log: (line: string) => void,
  profiles: ReadonlyMap<string, string> | undefined,
): Promise<void> {
  // What runs in each process container now: the current record's services, changed step by step.
  const processes = new Map<string, Map<string, ServiceRecord>>();
  for (const service of current?.services ?? []) if (service.process) containerSet(processes, service).set(service.key, service);
  const previous = new Map((current?.services ?? []).map((service) => [placeOf(service), service]));
  const machineOf = (service: ServiceRecord): Machine => next.machines[service.machine] ?? current!.machines[service.machine]!;
  const run = async (step: NetworkStep) => {
    const context = activationContext(step.service.machine, machineOf(step.service), containerSet(processes, step.service), profiles, log);
    await CONTAINER_MODULES[step.service.type]![step.action](context, step.service);
  };
  const done: NetworkStep[] = [];
  const failed: { step: NetworkStep; error: Error }[] = [];
  await runInOrder(
    steps.map((step, index) => ({
      key: String(index),
      after: prerequisites(steps, index).map(String),
      limited: false,
      run: async () => {
        log(`${step.action === 'activate' ? 'activating' : 'deactivating'} ${step.service.key} on ${step.service.machine} (${step.service.container.name})`);
        try {
          await run(step);
        } catch (error) {
          failed.push({ step, error: error as Error });
          throw error;
        }
        done.push(step);
        faultPoint('network-step-done');
      },
    })),
    Number.POSITIVE_INFINITY,
  );
  if (failed.length === 0) return;
  const failures: string[] = [];
  // The failed steps first: they may have happened in part (a process container holds them), then
  // the steps done, last first.
  for (const undone of [...failed.map(({ step }) => step).filter((step) => step.service.process), ...[...done].reverse()]) {
    const inverse = inverseOf(undone, previous.get(placeOf(undone.service)));
    log(`rolling back: ${inverse.action === 'activate' ? 'activating' : 'deactivating'} ${inverse.service.key} on ${inverse.service.machine}`);
    try {
      await run(inverse);
    } catch (rollbackError) {
      failures.push(`${inverse.service.key} on ${inverse.service.machine}: ${(rollbackError as Error).message}`);
    }
  }
  throw new NetworkDeployError(failed[0]!.step, failed[0]!.error.message, failures);
}

/**
 * What a step waits for: the step before it on its machine (one change at a time per machine), and
 * across machines, as disnix-env: deactivations after those of their dependents, activations after
 * every deactivation and after the activations of their dependencies. Machines work in parallel.
 */
export function prerequisites(steps: readonly NetworkStep[], index: number): number[] {
  const step = steps[index]!;
  const before: number[] = [];
  steps.forEach((other, otherIndex) => {
    if (otherIndex >= index) return;
    const sameMachine = other.service.machine === step.service.machine;
    const dependent = step.action === 'deactivate' && other.action === 'deactivate' && other.service.dependsOn.includes(step.service.key);
    const dependency = step.action === 'activate' && (other.action === 'deactivate' || step.service.dependsOn.includes(other.service.key));
    if (sameMachine || dependent || dependency) before.push(otherIndex);
  });
  return before;
}

/** Undoes a step: what was deactivated comes back; what was activated goes, or returns to its earlier version. */
function inverseOf(step: NetworkStep, earlier: ServiceRecord | undefined): NetworkStep {
  if (step.action === 'deactivate') return { action: 'activate', service: step.service };
  return earlier ? { action: 'activate', service: earlier } : { action: 'deactivate', service: step.service };
}

function containerSet(sets: Map<string, Map<string, ServiceRecord>>, service: ServiceRecord): Map<string, ServiceRecord> {
  const id = `${service.machine}\0${service.container.name}`;
  let set = sets.get(id);
  if (set === undefined) sets.set(id, (set = new Map()));
  return set;
}

function activationContext(machineName: string, machine: Machine, processes: Map<string, ServiceRecord>, profiles: ReadonlyMap<string, string> | undefined, log: (line: string) => void): ActivationContext {
  return {
    machineName,
    machine,
    processes,
    profiles,
    log: (line) => {
      if (line !== '') log(`  ${machineName}: ${line.split('\n').join(`\n  ${machineName}: `)}`);
    },
    async run(command, input) {
      const result = await runOnMachine(machine, command, input === undefined ? {} : { input });
      const failure = sshFailure(result);
      if (failure !== undefined) throw new RemoteCommandError(failure);
      if (result.code !== 0) {
        const said = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-8).join('\n    ');
        throw new RemoteCommandError(`exit ${result.code}${said ? `:\n    ${said}` : ''}`);
      }
      return result.stdout + result.stderr;
    },
  };
}
