// `procform deploy` (disnix-env): load and check the models, ask every machine about itself, copy
// the services model to it, build every process container's configurations on the coordinator and
// copy the store entries each machine lacks (phase one: nothing is activated yet, and any failure
// stops here), then deactivate and activate what changed (phase two), rolling every machine back
// on failure, and record the network's new generation on the coordinator.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProcformError } from '../errors.ts';
import { acquireLock } from '../fs/lock-file.ts';
import { procformHome } from '../model/deployment-dirs.ts';
import type { DeploymentDirs } from '../model/types.ts';
import { applyNetwork } from './apply-network.ts';
import { buildOnCoordinator, containerConfigurations, keepModelCopy } from './build-on-coordinator.ts';
import { copyClosure } from './copy-closure.ts';
import { MachinesUnavailableError, MISSING_PROCFORM, probeScript, whyNoInfo } from './capture-infra.ts';
import { installRuntime } from './install-runtime.ts';
import type { NetworkFiles } from './load-network.ts';
import { loadNetwork } from './load-network.ts';
import { lockMachines } from './machine-lock.ts';
import type { MachineInfo } from './machine-info.ts';
import type { NetworkGenerations, NetworkRecord } from './network-record.ts';
import { addNetworkGeneration, clearDeployingMark, currentNetworkGeneration, deployingMark, readNetworkGeneration, setCurrentNetworkGeneration } from './network-record.ts';
import type { NetworkStep } from './plan-network.ts';
import { planNetwork, withUnchangedKept } from './plan-network.ts';
import { prepareNetwork } from './prepare-network.ts';
import { copyFolderFrom, copyFolderTo, runOnMachine, sshFailure } from './ssh.ts';
import type { Machines } from './types.ts';

/** Where process services are built: on the coordinator, for each machine (the default), or by each machine itself. */
export type BuildOn = 'coordinator' | 'target';

/** Where the coordinator keeps a network deployment's generations. */
export function networkGenerations(dirs: DeploymentDirs, name: string): NetworkGenerations {
  return { dir: join(procformHome(dirs).profilesDir, '..', 'network'), name };
}

export interface DeployOutcome {
  steps: NetworkStep[];
  generation: number | undefined;
}

/** Deploys the network the three models describe. */
export async function deployNetwork(files: NetworkFiles, generations: NetworkGenerations, options: { dryRun?: boolean; buildOn?: BuildOn; log: (line: string) => void }): Promise<DeployOutcome> {
  const network = await loadNetwork(files);
  const placedMachines = Object.fromEntries(Object.entries(network.machines).filter(([name]) => network.placed.some((entry) => entry.machine === name)));
  options.log(`phase 1: asking ${Object.keys(placedMachines).length} machine(s) about themselves`);
  const infos = await probeMachines(placedMachines, options.log);
  const prepared = prepareNetwork(network, infos);
  return withNetworkLock(generations, async () => {
    const { current, repair } = await currentState(generations);
    const steps = planNetwork(current, prepared.record, { repair });
    if (options.dryRun || steps.length === 0) return { steps, generation: undefined };
    const record = withUnchangedKept(current, prepared.record, steps);
    const activating = new Set(steps.filter((step) => step.action === 'activate').map((step) => step.service.machine));
    const transfers = prepared.transfers.filter((transfer) => activating.has(transfer.machine));
    options.log(`phase 1: copying the services model to ${transfers.length} machine(s)`);
    await inParallel(transfers, 'copying the services model', async (transfer) => {
      const result = await copyFolderTo(placedMachines[transfer.machine]!, transfer.folder, transfer.target);
      return sshFailure(result) ?? (result.code === 0 ? undefined : `copying failed (exit ${result.code}): ${result.stderr.trim()}`);
    }, (transfer) => transfer.machine);
    let profiles: ReadonlyMap<string, string> | undefined;
    if (options.buildOn !== 'target') {
      await keepModelCopy(generations.dir, prepared.model.folder, prepared.model.hash);
      profiles = await buildAndCopy(steps, current, record, infos, generations, options.log);
    }
    options.log(`phase 2: ${steps.length} step(s)${repair ? ' (repairing an interrupted deploy: every service is activated again)' : ''}`);
    await applyLocked(steps, current, record, generations, options.log, profiles);
    const generation = await addNetworkGeneration(generations, record);
    await clearDeployingMark(generations);
    return { steps, generation };
  });
}

/** Deploys an earlier generation again (the one before the current, or `to`), and makes it current. */
export async function rollbackNetwork(generations: NetworkGenerations, options: { to?: number; buildOn?: BuildOn; log: (line: string) => void }): Promise<DeployOutcome> {
  return withNetworkLock(generations, async () => {
    const { current, number, repair } = await currentState(generations);
    const target = options.to ?? (number === undefined ? undefined : number - 1);
    if (target === undefined || target < 1) throw new ProcformError(`the network deployment "${generations.name}" has no earlier generation to roll back to`, { hint: 'procform deploy --list-generations lists them.' });
    const record = await readNetworkGeneration(generations, target);
    const steps = planNetwork(current, record, { repair });
    const profiles = options.buildOn === 'target' ? undefined : await buildAndCopy(steps, current, record, new Map(), generations, options.log);
    await applyLocked(steps, current, record, generations, options.log, profiles);
    await setCurrentNetworkGeneration(generations, target);
    await clearDeployingMark(generations);
    return { steps, generation: target };
  });
}

/** Phase two with every machine of both configurations locked, and the coordinator's mark of a deploy under way. */
async function applyLocked(
  steps: readonly NetworkStep[],
  current: NetworkRecord | null,
  next: NetworkRecord,
  generations: NetworkGenerations,
  log: (line: string) => void,
  profiles: ReadonlyMap<string, string> | undefined,
): Promise<void> {
  const involved = new Set(steps.map((step) => step.service.machine));
  const machines = Object.fromEntries([...involved].sort().map((name) => [name, next.machines[name] ?? current!.machines[name]!]));
  const release = await lockMachines(machines, generations);
  try {
    await writeFile(deployingMark(generations), `${process.pid}\n`);
    await applyNetwork(steps, current, next, log, profiles);
  } finally {
    await release();
  }
}

/**
 * Builds, on the coordinator, every configuration the process containers pass through and copies
 * to each machine the store entries it lacks; returns the profiles by configuration. Machines not
 * asked yet (those of the current record only) are asked first; a services model this coordinator
 * does not keep (deployed from elsewhere, or with --build-on target) is fetched from its machine.
 */
async function buildAndCopy(
  steps: readonly NetworkStep[],
  current: NetworkRecord | null,
  next: NetworkRecord,
  known: ReadonlyMap<string, MachineInfo>,
  generations: NetworkGenerations,
  log: (line: string) => void,
): Promise<ReadonlyMap<string, string>> {
  const configurations = containerConfigurations(steps, current);
  if (configurations.length === 0) return new Map();
  const machineOf = (name: string) => next.machines[name] ?? current!.machines[name]!;
  const unknown = Object.fromEntries([...new Set(configurations.map(({ machine }) => machine))].filter((name) => !known.has(name)).map((name) => [name, machineOf(name)]));
  const infos = new Map([...known, ...(Object.keys(unknown).length === 0 ? [] : await probeMachines(unknown, log))]);
  const copies = new Map(configurations.flatMap(({ machine, services }) => services.map((service) => [/\/models\/([0-9a-f]+)\//.exec(service.process!.modelFile)?.[1] ?? '', { machine, folder: service.process!.modelFile.replace(/(\/models\/[0-9a-f]+)\/.*$/, '$1') }])));
  await inParallel([...copies].filter(([hash]) => hash !== '' && !existsSync(join(generations.dir, 'models', hash))), 'fetching services models', async ([hash, { machine, folder }]) => {
    log(`phase 1: fetching services model ${hash} from ${machine}`);
    const result = await copyFolderFrom(machineOf(machine), folder, join(generations.dir, 'models', hash));
    return sshFailure(result) ?? (result.code === 0 ? undefined : `fetching ${folder} failed (exit ${result.code}): ${result.stderr.trim()}`);
  }, ([, { machine }]) => machine);
  log(`phase 1: building ${configurations.length} container configuration(s) for ${infos.size} machine(s) here`);
  const built = await buildOnCoordinator(configurations, infos, generations.dir);
  await inParallel([...built.entries], 'copying store entries', async ([machine, entries]) => {
    const copied = await copyClosure(machineOf(machine), infos.get(machine)!.storeDir, entries);
    if (typeof copied === 'string') return copied;
    log(`phase 1: ${machine}: ${copied.sent} store entr${copied.sent === 1 ? 'y' : 'ies'} sent, ${copied.present} there already`);
    return undefined;
  }, ([machine]) => machine);
  return built.profiles;
}

async function currentState(generations: NetworkGenerations): Promise<{ current: NetworkRecord | null; number: number | undefined; repair: boolean }> {
  const number = await currentNetworkGeneration(generations);
  const current = number === undefined ? null : await readNetworkGeneration(generations, number);
  return { current, number, repair: existsSync(deployingMark(generations)) };
}

async function withNetworkLock<T>(generations: NetworkGenerations, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(join(generations.dir, `${generations.name}.lock`), { guards: `the network deployment "${generations.name}"` });
  try {
    return await work();
  } finally {
    await release();
  }
}

/** What each machine says about itself; fails with one line per machine that cannot be asked. */
async function probeMachines(machines: Machines, log: (line: string) => void): Promise<Map<string, MachineInfo>> {
  const infos = new Map<string, MachineInfo>();
  await inParallel(Object.entries(machines), 'checking the machines', async ([name, machine]) => {
    let result = await runOnMachine(machine, probeScript(machine), { timeoutMs: 60_000 });
    if (result.code === MISSING_PROCFORM && machine.procform === undefined) {
      // Node but no procform: this procform is copied there, and used as the machine's.
      const [node = 'node', home = '~'] = result.stdout.trim().split('\n');
      const installed = await installRuntime(machine, node, home);
      if ('failure' in installed) return installed.failure;
      log(`phase 1: ${name} has no procform: using a copy of this one there (${installed.procform})`);
      machine.procform = installed.procform;
      result = await runOnMachine(machine, probeScript(machine), { timeoutMs: 60_000 });
    }
    const failure = whyNoInfo(result, machine);
    if (failure === undefined) infos.set(name, JSON.parse(result.stdout) as MachineInfo);
    return failure;
  }, ([name]) => name);
  return infos;
}

/** Runs `work` for every item at once; fails with one line per item whose work returned a reason. */
async function inParallel<T>(items: readonly T[], doing: string, work: (item: T) => Promise<string | undefined>, nameOf: (item: T) => string): Promise<void> {
  const results = await Promise.all(items.map(async (item) => ({ machine: nameOf(item), message: await work(item) })));
  const failures = results.filter((result): result is { machine: string; message: string } => result.message !== undefined);
  if (failures.length > 0) throw new MachinesUnavailableError(failures, doing);
}
