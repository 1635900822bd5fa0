// Phase one of a deploy, on the coordinator: from the checked models and what each machine said
// about itself, the record of what the network should run. Every process service's constructor is
// called here with its machine's context, so that a failing constructor stops the deploy before
// any machine is touched; the machines build the same model again (the services model's folder
// is copied to each), and digests say which services changed.
import { describedTarget } from '../target/machine-description.ts';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { createContext } from '../load/create-context.ts';
import { describe } from '../load/load-model.ts';
import { PendingStore } from '../store/pending-store.ts';
import type { NetworkModel, PlacedService } from './load-network.ts';
import type { MachineInfo } from './machine-info.ts';
import type { NetworkRecord, ServiceRecord } from './network-record.ts';
import type { NetworkProblem } from './network-error.ts';
import { NetworkModelError } from './network-error.ts';
import { processManagerOf } from './containers/process.ts';
import type { InterDependency } from './types.ts';

/** A folder to copy to a machine before anything is activated. */
export interface Transfer {
  machine: string;
  folder: string;
  target: string;
}

export interface PreparedNetwork {
  record: NetworkRecord;
  transfers: Transfer[];
  /** The services model's folder, and the hash of its content that names its copies. */
  model: { folder: string; hash: string };
}

/** Folders of a services model that are never copied to the machines. */
const NOT_COPIED = new Set(['node_modules', '.git']);

export function prepareNetwork(network: NetworkModel, infos: ReadonlyMap<string, MachineInfo>): PreparedNetwork {
  const folder = dirname(network.files.services);
  const modelHash = folderDigest(folder).slice(0, 32);
  const placedByKey = new Map(network.placed.map((entry) => [entry.key, entry]));
  const problems: NetworkProblem[] = [];
  const services: ServiceRecord[] = [];
  const machinesUsed = new Set<string>();

  for (const entry of network.placed) {
    const info = infos.get(entry.machine)!;
    const modelDir = `${info.networkDir}/models/${modelHash}`;
    machinesUsed.add(entry.machine);
    const interDependencies = Object.fromEntries(Object.entries(entry.dependsOn).map(([name, key]) => [name, interDependency(network, placedByKey.get(key)!)]));
    const problem = (field: string | undefined, message: string) =>
      problems.push({ file: network.files.services, subject: { kind: 'service', name: entry.key }, ...(field !== undefined && { field }), message });
    const base = { key: entry.key, type: entry.type, machine: entry.machine, container: entry.container, dependsOn: Object.values(entry.dependsOn) };

    if (entry.service.pkg !== undefined) {
      const deployment = containerDeployment(info, entry.container.name);
      let made: unknown;
      try {
        made = entry.service.pkg(targetContext(info, deployment.runtimeDir, processManagerOf(entry.container)), interDependencies);
      } catch (error) {
        problem('pkg', `the constructor failed for machine "${entry.machine}": ${describe(error)}`);
        continue;
      }
      if (!isProcess(made)) {
        problem('pkg', 'the constructor must return a process (createManagedProcess) or an instance ({ pkg: createManagedProcess(...) })');
        continue;
      }
      const modelFile = `${modelDir}/${relative(folder, network.files.services).split(sep).join('/')}`;
      const process = { networkDir: info.networkDir, modelFile, interDependencies, deploymentOptions: deployment.options };
      services.push({ ...base, digest: digest({ ...base, process: { interDependencies }, made }), process });
    } else {
      const field = entry.type === 'tomcat-webapplication' ? 'context' : 'database';
      const name = String(entry.service.properties?.[field] ?? entry.key);
      if (!(field === 'context' ? /^[A-Za-z0-9_-]+$/ : /^[A-Za-z0-9_]+$/).test(name)) {
        problem(`properties.${field}`, `"${name}" is not a ${field === 'context' ? 'context' : 'database'} name procform creates: use letters, digits${field === 'context' ? ', -' : ''} and _`);
      }
      let files: string | null = null;
      let filesDigest = '';
      if (entry.service.files !== undefined) {
        const inside = relative(folder, entry.service.files);
        if (inside.startsWith('..')) {
          problem('files', `${entry.service.files} is outside the services model's folder ${folder}, which is what is copied to the machines; move the schema there`);
          continue;
        }
        files = `${modelDir}/${inside.split(sep).join('/')}`;
        filesDigest = folderDigest(entry.service.files);
      }
      services.push({ ...base, digest: digest({ ...base, name, filesDigest }), content: { name, files } });
    }
  }
  if (problems.length > 0) throw new NetworkModelError(problems);

  const machines = Object.fromEntries(Object.entries(network.machines).filter(([name]) => machinesUsed.has(name)));
  const transfers = [...machinesUsed].sort().map((machine) => ({ machine, folder, target: `${infos.get(machine)!.networkDir}/models/${modelHash}` }));
  return { record: { formatVersion: 1, machines, services }, transfers, model: { folder, hash: modelHash } };
}

/** What a dependent's constructor learns of a service it depends on. */
function interDependency(network: NetworkModel, dependency: PlacedService): InterDependency {
  const machine = network.machines[dependency.machine]!;
  return {
    service: dependency.key,
    machine: dependency.machine,
    host: machine.host,
    targetProperties: machine.properties ?? {},
    container: dependency.container,
    properties: dependency.service.properties ?? {},
  };
}

/**
 * Where a process container's deployment lives on the machine: the machine's state folder, with a
 * runtime folder of its own, because a process manager's control socket (builtin's supervisor) is
 * there and one manager serves one deployment.
 */
function containerDeployment(info: MachineInfo, container: string): { runtimeDir: string; options: string[] } {
  const runtimeDir = `${info.dirs.runtimeDir}/procform-network-${container}`;
  return { runtimeDir, options: ['--state-dir', info.dirs.stateDir, '--runtime-dir', runtimeDir, '--profile', `network-${container}`] };
}

/** The context the machine will evaluate the model with: its folders, store and user. */
function targetContext(info: MachineInfo, runtimeDir: string, processManager: string) {
  return createContext({
    dirs: { ...info.dirs, runtimeDir },
    forceDisableUserChange: info.forceDisableUserChange,
    processManager,
    ids: {},
    extraParams: {},
    store: new PendingStore(info.storeDir),
    target: describedTarget(info.description, `the capture of ${info.description.hostname}`),
  });
}

function isProcess(made: unknown): boolean {
  if (typeof made !== 'object' || made === null) return false;
  const value = made as { kind?: unknown; pkg?: { kind?: unknown } };
  return value.kind === 'managed-process' || value.pkg?.kind === 'managed-process';
}

/** A stable hash of plain data; functions (overrides) count by their source. */
function digest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'function' ? `function:${String(item)}` : item)))
    .digest('hex');
}

/** A hash of a file, or of a folder's files (names and contents, in name order). */
export function folderDigest(path: string): string {
  const hash = createHash('sha256');
  const visit = (current: string, name: string) => {
    const stat = statSync(current);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(current).sort()) if (!NOT_COPIED.has(entry)) visit(join(current, entry), `${name}/${entry}`);
    } else {
      hash.update(`${name}\0${stat.mode & 0o111 ? 'x' : '-'}\0`).update(readFileSync(current)).update('\0');
    }
  };
  visit(path, '.');
  return hash.digest('hex');
}
