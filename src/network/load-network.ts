// Load the three network models and check them together: every service's type, dependencies and
// placement, every machine's fields. Every problem is reported at once, and nothing is deployed.
import { existsSync } from 'node:fs';
import type { z } from 'zod';
import { findCycle, startOrder } from '../graph/dependency-graph.ts';
import { describe, importWithProcform } from '../load/load-model.ts';
import type { Container } from '../model/types.ts';
import { didYouMean } from '../text/did-you-mean.ts';
import { CONTAINER_TYPES, containerType } from './container-types.ts';
import type { NetworkProblem } from './network-error.ts';
import { NetworkModelError } from './network-error.ts';
import { machineSchema, placementSchema, serviceSchema } from './schema.ts';
import type { DistributionModel, InfrastructureModel, Machine, Machines, Placement, Service, Services, ServicesModel } from './types.ts';

export interface NetworkFiles {
  services: string;
  infrastructure: string;
  distribution: string;
}

/** A distributed service: where it goes, in which container, and which services it depends on. */
export interface PlacedService {
  key: string;
  type: string;
  machine: string;
  container: Container;
  /** Name the constructor receives it by → service key. */
  dependsOn: Record<string, string>;
  service: Service;
}

export interface NetworkModel {
  files: NetworkFiles;
  machines: Machines;
  services: Services;
  /** The distributed services, dependencies first. */
  placed: PlacedService[];
}

/** Loads and checks an infrastructure model alone (capture-infra's bootstrap). */
export async function loadInfrastructure(file: string): Promise<Machines> {
  const model = (await loadTagged(file, 'infrastructure-model', 'defineInfrastructure({ test1: { host: "192.0.2.1" } })')) as InfrastructureModel;
  const problems = machineProblems(file, model.machines);
  if (problems.length > 0) throw new NetworkModelError(problems);
  return model.machines;
}

/** Loads the services, infrastructure and distribution models and checks them against each other. */
export async function loadNetwork(files: NetworkFiles): Promise<NetworkModel> {
  const machines = await loadInfrastructure(files.infrastructure);
  const { services } = (await loadTagged(files.services, 'services-model', 'defineServices({ web: { type: "process", pkg: (ctx) => ... } })')) as ServicesModel;
  const { placements } = (await loadTagged(files.distribution, 'distribution-model', 'defineDistribution({ web: "test1" })')) as DistributionModel;
  const placed = checkNetwork(files, machines, services, placements);
  return { files, machines, services, placed };
}

/** The checks across the three models, on models already loaded (pure; unit-tested). */
export function checkNetwork(files: NetworkFiles, machines: Machines, services: Services, placements: Record<string, Placement>): PlacedService[] {
  const problems: NetworkProblem[] = [];
  const keyOfService = new Map<Service, string>();
  for (const [key, service] of Object.entries(services)) {
    const serviceProblem = (field: string | undefined, message: string) =>
      problems.push({ file: files.services, subject: { kind: 'service', name: key }, ...(field !== undefined && { field }), message });
    const shape = serviceSchema.safeParse(service);
    if (!shape.success) {
      for (const problem of zodProblems(shape.error)) serviceProblem(problem.field, problem.message);
      continue;
    }
    keyOfService.set(service, key);
    const type = containerType(service.type);
    if (type === undefined) {
      serviceProblem('type', `unknown container type "${service.type}"${didYouMean(service.type, CONTAINER_TYPES.map((known) => known.name))}; known: ${CONTAINER_TYPES.map((known) => known.name).join(', ')}`);
    } else if (type.takes === 'pkg' && service.pkg === undefined) {
      serviceProblem('pkg', `a service of type "${type.name}" needs a constructor: pkg: (ctx, dependencies) => createManagedProcess({ ... })`);
    } else if (type.takes === 'files' && service.pkg !== undefined) {
      serviceProblem('pkg', `a service of type "${type.name}" is deployed from files, not run as a process: give them as files`);
    } else if (type.filesRequired && service.files === undefined) {
      serviceProblem('files', `a service of type "${type.name}" needs its files: a folder or a .war`);
    }
    if (service.files !== undefined && !existsSync(service.files)) serviceProblem('files', `${service.files} does not exist`);
  }

  const dependsOn = new Map<string, Record<string, string>>();
  for (const [service, key] of keyOfService) {
    const names: Record<string, string> = {};
    for (const [name, dependency] of Object.entries(service.dependsOn ?? {})) {
      const dependencyKey = keyOfService.get(dependency as Service);
      if (dependencyKey === undefined) {
        problems.push({ file: files.services, subject: { kind: 'service', name: key }, field: `dependsOn.${name}`, message: 'is not a service of this model; add it to defineServices({ ... })' });
      } else names[name] = dependencyKey;
    }
    dependsOn.set(key, names);
  }

  const placed: PlacedService[] = [];
  for (const [key, placement] of Object.entries(placements)) {
    const placementProblem = (field: string | undefined, message: string) =>
      problems.push({ file: files.distribution, subject: { kind: 'service', name: key }, ...(field !== undefined && { field }), message });
    const shape = placementSchema.safeParse(placement);
    if (!shape.success) {
      placementProblem(undefined, 'must be a machine\'s name, or { machine, container }');
      continue;
    }
    const service = services[key];
    if (service === undefined) {
      placementProblem(undefined, `is not a service of ${files.services}${didYouMean(key, Object.keys(services))}`);
      continue;
    }
    const { machine: machineKey, container: containerName } = typeof placement === 'string' ? { machine: placement, container: undefined } : placement;
    const machine = machines[machineKey];
    if (machine === undefined) {
      placementProblem('machine', `"${machineKey}" is not a machine of ${files.infrastructure}${didYouMean(machineKey, Object.keys(machines))}`);
      continue;
    }
    if (!keyOfService.has(service) || containerType(service.type) === undefined) continue;
    const container = chooseContainer(machine, service.type, containerName);
    if (typeof container === 'string') placementProblem('container', `machine "${machineKey}" ${container}`);
    else placed.push({ key, type: service.type, machine: machineKey, container, dependsOn: dependsOn.get(key) ?? {}, service });
  }

  const placedKeys = new Set(placed.map((entry) => entry.key));
  for (const entry of placed) {
    for (const [name, dependency] of Object.entries(entry.dependsOn)) {
      if (!(dependency in placements)) {
        problems.push({ file: files.distribution, subject: { kind: 'service', name: entry.key }, field: `dependsOn.${name}`, message: `depends on service "${dependency}", which the distribution puts nowhere; distribute it too` });
      }
    }
  }
  if (problems.length > 0) throw new NetworkModelError(problems);

  const graph = new Map(placed.map((entry) => [entry.key, Object.values(entry.dependsOn).filter((dependency) => placedKeys.has(dependency))]));
  const cycle = findCycle(graph);
  if (cycle) throw new NetworkModelError([{ file: files.services, message: `dependency cycle: ${cycle.join(' → ')}` }], { hint: 'Remove one of these dependencies.' });
  const byKey = new Map(placed.map((entry) => [entry.key, entry]));
  return startOrder(graph).map((key) => byKey.get(key)!);
}

/** The container a service of `type` goes into on `machine`, or why there is none. */
function chooseContainer(machine: Machine, type: string, name: string | undefined): Container | string {
  const offered: Container[] = [
    ...CONTAINER_TYPES.filter((known) => known.builtin).map((known) => ({
      name: known.name,
      type: known.name,
      properties: (known.name === 'managed-process' && machine.processManager ? { processManager: machine.processManager } : {}) as Container['properties'],
    })),
    ...Object.entries(machine.containers ?? {}).map(([containerName, container]) => ({ name: containerName, ...container })),
  ];
  if (name !== undefined) {
    const named = offered.find((container) => container.name === name);
    if (named === undefined) return `has no container "${name}"${didYouMean(name, offered.map((container) => container.name))}; it has: ${offered.map((container) => container.name).join(', ')}`;
    if (named.type !== type) return `has container "${name}" of type "${named.type}", not "${type}"`;
    return named;
  }
  const ofType = offered.filter((container) => container.type === type);
  if (ofType.length === 1) return ofType[0]!;
  if (ofType.length === 0) {
    return `offers no container of type "${type}"; deploy a container provider there (mariadbContainerProvider, postgresqlContainerProvider) and capture the infrastructure again (procform capture-infra)`;
  }
  return `has ${ofType.length} containers of type "${type}" (${ofType.map((container) => container.name).join(', ')}); choose one: { machine, container: "${ofType[0]!.name}" }`;
}

function machineProblems(file: string, machines: Machines): NetworkProblem[] {
  const problems: NetworkProblem[] = [];
  if (typeof machines !== 'object' || machines === null || Array.isArray(machines)) return [{ file, message: 'must map machine names to machines' }];
  for (const [name, machine] of Object.entries(machines)) {
    const shape = machineSchema.safeParse(machine);
    if (!shape.success) for (const problem of zodProblems(shape.error)) problems.push({ file, subject: { kind: 'machine', name }, ...problem });
  }
  return problems;
}

async function loadTagged(file: string, kind: string, example: string): Promise<unknown> {
  const what = kind.replace('-model', ' model');
  if (!existsSync(file)) throw new NetworkModelError([{ file, message: `the ${what} does not exist` }]);
  let exported: unknown;
  try {
    exported = await importWithProcform(file);
  } catch (error) {
    throw new NetworkModelError([{ file, message: `the ${what} failed to load: ${describe(error)}` }], { cause: error });
  }
  if (typeof exported !== 'object' || exported === null || (exported as { kind?: unknown }).kind !== kind) {
    throw new NetworkModelError([{ file, message: `the default export is not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}` }], { hint: `Export one: \`export default ${example}\`.` });
  }
  return exported;
}

function zodProblems(error: z.ZodError): { field?: string; message: string }[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}` : issue.message;
    return field === '' ? { message } : { field, message };
  });
}
