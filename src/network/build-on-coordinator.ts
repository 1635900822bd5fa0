// Phase one, when the coordinator builds (the default): every configuration a process container
// passes through during phase two — and back, if phase two is rolled back — is built here, for
// its machine (its folders, store and description: `describedTarget`), in memory. The machines
// then only receive the store entries they lack and switch to profiles that are already there.
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareProfile } from '../build/build-profile.ts';
import type { ModelFunction } from '../load/load-model.ts';
import { describe, importWithProcform } from '../load/load-model.ts';
import type { Instances, ProcessContext } from '../model/types.ts';
import type { StoreEntry } from '../store/store-entry.ts';
import { describedTarget } from '../target/machine-description.ts';
import { containerModel, processManagerOf } from './containers/process.ts';
import type { MachineInfo } from './machine-info.ts';
import type { NetworkProblem } from './network-error.ts';
import { NetworkModelError } from './network-error.ts';
import type { NetworkRecord, ServiceRecord } from './network-record.ts';
import type { NetworkStep } from './plan-network.ts';
import type { ServicesModel } from './types.ts';

/** What phase one built for phase two: profiles by container configuration, store entries by machine. */
export interface CoordinatorBuild {
  /** Profile store path (on the machine) by `configurationKey`. */
  profiles: Map<string, string>;
  /** Every store entry the profiles of a machine need, by machine. */
  entries: Map<string, Map<string, StoreEntry>>;
}

/** One set of services of one process container on one machine, and the process manager that runs them. */
export interface ContainerConfiguration {
  machine: string;
  container: string;
  processManager: string;
  services: ServiceRecord[];
}

/** Names one configuration of one process container: the model the machine would build for it. */
export function configurationKey(machine: string, container: string, services: readonly ServiceRecord[]): string {
  return `${machine}\0${container}\0${containerModel(services)}`;
}

/**
 * Every configuration the process containers pass through: the one they run now (what a rollback
 * returns to) and the one after each step, in the order phase two takes them (one step at a time
 * per machine; undoing a step returns its container to the configuration before it).
 */
export function containerConfigurations(steps: readonly NetworkStep[], current: NetworkRecord | null): ContainerConfiguration[] {
  const sets = new Map<string, { machine: string; container: string; processManager: string; services: Map<string, ServiceRecord> }>();
  const setOf = (service: ServiceRecord) => {
    const id = `${service.machine}\0${service.container.name}`;
    let set = sets.get(id);
    if (set === undefined) sets.set(id, (set = { machine: service.machine, container: service.container.name, processManager: processManagerOf(service.container), services: new Map() }));
    return set;
  };
  for (const service of current?.services ?? []) if (service.process) setOf(service).services.set(service.key, service);
  const configurations = new Map<string, ContainerConfiguration>();
  const note = (set: { machine: string; container: string; processManager: string; services: Map<string, ServiceRecord> }) => {
    const services = [...set.services.values()];
    configurations.set(configurationKey(set.machine, set.container, services), { machine: set.machine, container: set.container, processManager: set.processManager, services });
  };
  const touched = new Set(steps.filter((step) => step.service.process).map((step) => setOf(step.service)));
  for (const set of touched) note(set);
  for (const step of steps) {
    if (!step.service.process) continue;
    const set = setOf(step.service);
    if (step.action === 'activate') set.services.set(step.service.key, step.service);
    else set.services.delete(step.service.key);
    note(set);
  }
  return [...configurations.values()];
}

/**
 * The coordinator's copy of a services model folder, at `<dir>/models/<hash>` as on the machines:
 * the configurations of later deploys and rollbacks still contain services of this version.
 */
export async function keepModelCopy(dir: string, folder: string, hash: string): Promise<void> {
  const target = join(dir, 'models', hash);
  if (existsSync(target)) return;
  const temporary = `${target}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(join(dir, 'models'), { recursive: true });
  await cp(folder, temporary, { recursive: true, filter: (source) => !/\/(node_modules|\.git)$/.test(source) });
  await rename(temporary, target);
}

/** Builds every configuration on the coordinator, for its machine; a failure stops the deploy before any machine is touched. */
export async function buildOnCoordinator(
  configurations: readonly ContainerConfiguration[],
  infos: ReadonlyMap<string, MachineInfo>,
  coordinatorDir: string,
): Promise<CoordinatorBuild> {
  const models = new Map<string, Promise<ServicesModel>>();
  const modelOf = (file: string) => {
    let model = models.get(file);
    if (model === undefined) models.set(file, (model = importWithProcform(file) as Promise<ServicesModel>));
    return model;
  };
  const build: CoordinatorBuild = { profiles: new Map(), entries: new Map() };
  const problems: NetworkProblem[] = [];
  for (const { machine, container, processManager, services } of configurations) {
    const info = infos.get(machine)!;
    const runtimeDir = `${info.dirs.runtimeDir}/procform-network-${container}`;
    const modelFile = `${info.networkDir}/network-${container}.ts`;
    try {
      const loaded = await Promise.all(services.map((service) => ({ service, copy: coordinatorCopy(service, coordinatorDir) })).map(async ({ service, copy }) => ({ service, copy, model: await modelOf(copy.file) })));
      const model: ModelFunction = (ctx) =>
        Object.fromEntries(
          loaded.map(({ service, copy, model: services }) => {
            const relocate = relocation(copy.folder, copy.machineFolder);
            const made = relocate(services.services[service.key]!.pkg!(relocatingContext(ctx, relocate), service.process!.interDependencies)) as { kind?: string };
            return [service.key, made.kind === 'managed-process' ? { pkg: made } : made];
          }),
        ) as Instances;
      const prepared = await prepareProfile({
        modelFile,
        model,
        processManager,
        dirs: { ...info.dirs, runtimeDir },
        forceDisableUserChange: info.forceDisableUserChange,
        storeDir: info.storeDir,
        idsFile: null,
        target: describedTarget(info.description, `the capture of ${machine}`),
        cache: false,
      });
      build.profiles.set(configurationKey(machine, container, services), prepared.path);
      let entries = build.entries.get(machine);
      if (entries === undefined) build.entries.set(machine, (entries = new Map()));
      for (const [path, entry] of prepared.evaluated.store.entries()) entries.set(path, entry);
    } catch (error) {
      problems.push({ file: modelFile, subject: { kind: 'machine', name: machine }, message: `building container ${container} (${services.map((service) => service.key).join(', ') || 'empty'}) on the coordinator failed: ${describe(error)}` });
    }
  }
  if (problems.length > 0) throw new NetworkModelError(problems);
  return build;
}

/** Where the coordinator keeps the services model a service was deployed from, and where the machine has it. */
function coordinatorCopy(service: ServiceRecord, coordinatorDir: string): { file: string; folder: string; machineFolder: string } {
  const { modelFile } = service.process!;
  const match = /^(.*\/models\/([0-9a-f]+))\/(.+)$/.exec(modelFile);
  if (match === null) throw new Error(`the record names the services model ${modelFile}, which is not a copy procform made`);
  const folder = join(coordinatorDir, 'models', match[2]!);
  if (!existsSync(folder)) {
    throw new Error(`the services model ${match[2]} of ${service.key} is not kept on this coordinator (${folder}): deploy with --build-on target`);
  }
  return { file: join(folder, match[3]!), folder, machineFolder: match[1]! };
}

/**
 * Constructors that name files of their services model (`new URL('./server.mjs', import.meta.url)`)
 * name the coordinator's copy: the machine's copy of the same folder is meant. Every string of what
 * they return, and every file they write, says the machine's path instead.
 */
function relocation(from: string, to: string): <T>(value: T) => T {
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return value.split(from).join(to);
    if (Array.isArray(value)) return value.map(visit);
    if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item)]));
    }
    return value;
  };
  return <T>(value: T) => visit(value) as T;
}

function relocatingContext(ctx: ProcessContext, relocate: <T>(value: T) => T): ProcessContext {
  return {
    ...ctx,
    writeTextFile: (options) => ctx.writeTextFile({ ...options, text: relocate(options.text) }),
    writeScript: (name, text) => ctx.writeScript(name, relocate(text)),
  };
}
